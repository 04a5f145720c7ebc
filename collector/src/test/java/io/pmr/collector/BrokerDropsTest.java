package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With a tiny {@code session_queue_size} Moquette drops publishes it has already PUBACKed. The agent's outbox
 * (played here: re-send whatever has no Ack yet) plus idempotent storage still gives exact figures.
 */
@Timeout(120)
class BrokerDropsTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerDropsTest.class);
    static final int MESSAGES = 200;
    static final int QUEUE_SIZE = 16;

    @TempDir
    Path dir;

    @Test
    void resendingUnacknowledgedEnvelopesLosesNothingAndCountsNothingTwice() throws Exception {
        long start = millis("2020-09-01T00:00:00Z");
        List<Envelope> outbox = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            outbox.add(intervals("agent-1", 1, i + 1, interval("CSPN/PM4.3", start + i * 60_000L, 25_000, 10, 9)));
        }
        try (Collector collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                .embeddedSessionQueueSize(QUEUE_SIZE).ingestBatchSize(20).build())) {
            int rounds = 0;
            long firstRoundReceived = -1;
            while (!outbox.isEmpty() && rounds++ < 20) {
                // A fresh connection per round, as an agent reconnecting: PUBACKs the broker dropped leave Paho
                // in-flight slots that only a new session frees.
                try (TestAgent agent = new TestAgent(collector.brokerUrl(), keys -> true)) {
                    for (Envelope envelope : outbox) {
                        agent.publishNoWait(envelope);
                    }
                    try {
                        await().atMost(Duration.ofSeconds(2)).until(() -> agent.acked().containsAll(keysOf(outbox)));
                    } catch (ConditionTimeoutException e) {
                        LOG.info("Round {}: {} envelopes still unacknowledged", rounds, outbox.size());
                    }
                    if (firstRoundReceived < 0) {
                        firstRoundReceived = collector.counters().received();
                    }
                    outbox.removeIf(envelope -> agent.acked().contains(key(envelope)));
                }
            }
            LOG.info("After {} round(s): first round delivered {} of {}; counters {}", rounds, firstRoundReceived,
                    MESSAGES, collector.counters());

            assertTrue(outbox.isEmpty(), outbox.size() + " envelopes never acknowledged");
            assertEquals(MESSAGES, collector.counters().stored());
            MeasureFigure figure = collector.report(YearMonth.of(2020, 9)).measures().stream()
                    .filter(f -> f.id().equals("CSPN/PM4.3")).findFirst().orElseThrow();
            assertEquals(MESSAGES * 10L, figure.denominator());
            assertEquals(MESSAGES * 9L, figure.numerator());
        }
    }

    private static EnvelopeKey key(Envelope envelope) {
        return new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
    }

    private static List<EnvelopeKey> keysOf(List<Envelope> envelopes) {
        return envelopes.stream().map(BrokerDropsTest::key).toList();
    }
}
