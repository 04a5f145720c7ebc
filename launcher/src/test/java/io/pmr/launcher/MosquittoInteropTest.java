package io.pmr.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same month through Debian's Mosquitto 2 instead of the embedded broker gives the true figures. */
class MosquittoInteropTest {

    @Test
    void figuresEqualGroundTruthThroughMosquitto(@TempDir Path brokerDir, @TempDir Path out) throws IOException {
        assertTrue(MosquittoBroker.installed(), "mosquitto is not installed: bash .ci/run installs it (apt-get install mosquitto)");
        try (MosquittoBroker broker = MosquittoBroker.start(brokerDir)) {
            DemoRun.Result result = DemoRun.run(DemoOptions.defaults(YearMonth.of(2020, 9), 30, 21, out)
                    .withExternalBroker(broker.url()));
            assertTrue(result.oracle().matches(), () -> "mismatches: " + result.oracle().mismatches());
            assertTrue(result.collector().stored() > 0);
        }
    }
}
