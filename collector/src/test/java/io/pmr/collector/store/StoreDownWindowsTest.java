package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.data.AgentDownWindow;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents' down windows: stored with their envelope's key and watermark, once under duplicates, read by overlap; on
 * each {@link StoreEngine}.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreDownWindowsTest {
    private static final String PM62 = "CSPN/PM6.2";
    private static final long SEP = millis("2020-08-31T23:00:00Z");
    private static final long OCT = millis("2020-09-30T23:00:00Z");

    private final TestStores stores;

    StoreDownWindowsTest(StoreEngine engine, @TempDir Path dir) {
        stores = engine.stores(dir);
    }

    private static Envelope batch(long sequence, long watermark, long... startEnd) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder()
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId(PM62).setFinalThroughEpochMillis(watermark));
        for (int i = 0; i < startEnd.length; i += 2) {
            batch.addDownWindows(DownWindow.newBuilder().setMeasureId(PM62).setStartEpochMillis(startEnd[i])
                    .setEndEpochMillis(startEnd[i + 1]));
        }
        return Envelope.newBuilder().setAgentId("gw-n").setBootEpoch(1).setSequence(sequence).setIntervals(batch).build();
    }

    @Test
    void windowsAreStoredOnceUnderDuplicatesWithTheWatermarkThatPassesThem() {
        long a = millis("2020-09-10T01:30:00Z");
        long b = millis("2020-09-10T02:40:00Z");
        long c = millis("2020-09-30T22:50:00Z");
        long d = millis("2020-09-30T23:20:00Z");
        try (SqliteStore store = stores.open()) {
            Envelope first = batch(1, c - c % 60_000, a, b);
            Envelope second = batch(2, d - d % 60_000, c, d);
            assertEquals(List.of(WriteOutcome.STORED, WriteOutcome.STORED, WriteOutcome.DUPLICATE),
                    store.write(List.of(new StoreWrite.Accept(first, 1), new StoreWrite.Accept(second, 2),
                            new StoreWrite.Accept(first, 3))));
            assertEquals(List.of(WriteOutcome.DUPLICATE), store.write(List.of(new StoreWrite.Accept(second, 4))));

            assertEquals(List.of(new AgentDownWindow(PM62, "gw-n", a, b), new AgentDownWindow(PM62, "gw-n", c, d)),
                    store.downWindows(PM62, SEP, OCT));
            assertEquals(List.of(new AgentDownWindow(PM62, "gw-n", c, d)), store.downWindows(PM62, OCT, OCT + 1),
                    "the window across the month end overlaps October too");
            assertEquals(List.of(), store.downWindows("CSPC/PM6.2", SEP, OCT));
            assertEquals(Map.of("gw-n", d - d % 60_000), store.periodData(SEP, OCT).watermarks().get(PM62));
        }
        try (SqliteStore reopened = stores.open()) {
            assertEquals(2, reopened.downWindows(PM62, SEP, OCT).size(), "durable");
        }
    }
}
