package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.service.ReportService;
import io.pmr.collector.store.StoreLocation;
import io.pmr.collector.store.QuarantinedMessage;
import io.pmr.proto.v1.Envelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The collector over a real embedded broker on an ephemeral loopback port, with a test client playing the agent. */
@Timeout(120)
class CollectorEndToEndTest {
    static final String RTT4 = "CSPN/PM4.3";
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    static final long SEP_START = millis("2020-08-31T23:00:00Z");
    static final long OCT_START = millis("2020-09-30T23:00:00Z");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Collector collector;
    TestAgent agent;

    /** The store this run ingests into; {@link PostgresCollectorEndToEndTest} gives a PostgreSQL database. */
    StoreLocation store() {
        return new StoreLocation.SqliteFile(dir.resolve("data").resolve("pmr.db"));
    }

    @BeforeEach
    void start() throws Exception {
        collector = Collector.start(CollectorSettings.builder().store(store())
                .maxMessageBytes(MAX_MESSAGE_BYTES).ingestBatchSize(50).build());
        agent = new TestAgent(collector.brokerUrl(), keys -> collector.store().envelopeCount() >= keys.size());
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        collector.close();
    }

    private static Set<EnvelopeKey> keys(String agentId, long bootEpoch, long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(s -> new EnvelopeKey(agentId, bootEpoch, s))
                .collect(Collectors.toSet());
    }

    private static List<Envelope> agentMessages() {
        List<Envelope> messages = new ArrayList<>();
        messages.add(status("agent-1", 1, 1, RTT4, 25_000));
        for (int minute = 0; minute < 5; minute++) {
            messages.add(intervals("agent-1", 1, 2 + minute,
                    withHistogram(interval(RTT4, SEP_START + minute * 60_000L, 25_000, 100, 97), histogram(800, 97)),
                    interval("CSPN/PM4.2", SEP_START + minute * 60_000L, 7_200_000, 10, 10)));
        }
        messages.add(watermark("agent-1", 1, 7, RTT4, OCT_START));
        return messages;
    }

    @Test
    void storesOnceAndAcknowledgesAfterCommit() throws Exception {
        assertTrue(collector.brokerUrl().matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*"), collector.brokerUrl());
        for (Envelope envelope : agentMessages()) {
            agent.publish(envelope);
        }

        await().atMost(PATIENCE).until(() -> agent.acked().containsAll(keys("agent-1", 1, 1, 7)));

        IngestCounters counters = collector.counters();
        assertEquals(7, counters.received());
        assertEquals(7, counters.stored());
        assertEquals(0, counters.rejected());
        assertTrue(counters.acksPublished() >= 1);
        assertEquals(keys("agent-1", 1, 1, 7), agent.acked());
        assertFalse(agent.committedWhenAcked().contains(false), "an Ack listed an envelope not yet committed");
        MeasureFigure rtt4 = figure(collector.report(SEPTEMBER), RTT4);
        assertEquals(485, rtt4.numerator());
        assertEquals(500, rtt4.denominator());
        assertEquals("97.00", rtt4.level().toPlainString());
        assertTrue(rtt4.isFinal());
    }

    @Test
    void everyMessageSentTwiceGivesTheSameFigures() throws Exception {
        for (Envelope envelope : agentMessages()) {
            agent.publish(envelope);
        }
        await().atMost(PATIENCE).until(() -> collector.counters().stored() == 7);
        MonthlyReport once = collector.report(SEPTEMBER);
        int acksAfterFirst = agent.acks().size();

        for (Envelope envelope : agentMessages()) {
            agent.publish(envelope);
        }
        await().atMost(PATIENCE).until(() -> collector.counters().duplicates() == 7);

        assertEquals(once, collector.report(SEPTEMBER));
        assertEquals(7, collector.store().envelopeCount());
        await().atMost(PATIENCE).until(() -> agent.acks().size() > acksAfterFirst);
        collector.close();
        try (ReportService reports = ReportService.open(store(), Clock.systemUTC())) {
            assertEquals(once, reports.figures(collector.catalogue(), SEPTEMBER), "the report from the database file alone");
        }
    }

    @Test
    void badMessagesAreQuarantinedAndCountedWhileGoodOnesAroundThemCount() throws Exception {
        byte[] truncated = intervals("agent-1", 1, 100, interval(RTT4, SEP_START, 25_000, 1, 1)).toByteArray();
        truncated = Arrays.copyOf(truncated, truncated.length - 5);
        byte[] oversized = new byte[MAX_MESSAGE_BYTES + 1_000];
        new Random(7).nextBytes(oversized);
        Envelope mismatched = intervals("agent-2", 1, 99, interval(RTT4, SEP_START, 25_000, 1_000, 0));
        Envelope hostile = intervals("agent-1", 1, 6, withHistogram(interval(RTT4, SEP_START, 25_000, 10, 10),
                HostileHistograms.claiming(5, 1, Long.MAX_VALUE / 2)));

        agent.publish(good(1));
        agent.publish("pmr/v1/agent-1/intervals", "garbage, not protobuf".getBytes(StandardCharsets.US_ASCII));
        agent.publish(good(2));
        agent.publish("pmr/v1/agent-1/intervals", truncated);
        agent.publish(good(3));
        agent.publish("pmr/v1/agent-1/intervals", oversized);
        agent.publish(good(4));
        agent.publish("pmr/v1/agent-1/intervals", mismatched.toByteArray());
        agent.publish(good(5));
        agent.publish(hostile);
        agent.publish(good(7));

        // received() counts a batch as its write begins, stored() and rejected() as each outcome is known: wait for
        // all eleven outcomes, or a slow commit leaves the good ones unseen (seen at load 20)
        await().atMost(PATIENCE).until(() -> {
            IngestCounters seen = collector.counters();
            return seen.stored() + seen.rejected() + seen.duplicates() == 11;
        });
        IngestCounters counters = collector.counters();
        assertEquals(11, counters.received());
        assertEquals(6, counters.stored());
        assertEquals(5, counters.rejected());
        assertEquals(Map.of("unparseable", 2L, "oversized", 1L, "agent_mismatch", 1L, "bad_histogram", 1L),
                counters.rejectedByReason());
        List<QuarantinedMessage> quarantined = collector.store().quarantined(100);
        assertEquals(List.of("unparseable", "unparseable", "oversized", "agent_mismatch", "bad_histogram"),
                quarantined.stream().map(QuarantinedMessage::reason).sorted(QUARANTINE_ORDER).toList());
        QuarantinedMessage big = quarantined.stream().filter(q -> q.reason().equals("oversized")).findFirst()
                .orElseThrow();
        assertEquals(MAX_MESSAGE_BYTES + 1_000, big.payloadSize());
        assertEquals(64 * 1024, big.payloadPrefix().length);
        assertTrue(quarantined.stream().allMatch(q -> q.topic().equals("pmr/v1/agent-1/intervals")));

        // Stored and quarantined-with-a-key alike are acknowledged; nothing is acked to the agent a payload claimed.
        await().atMost(PATIENCE).until(() -> agent.acked().containsAll(keys("agent-1", 1, 1, 7)));
        assertFalse(agent.ackTopics().contains("pmr/v1/agent-2/ack"));
        assertEquals(keys("agent-1", 1, 1, 7), agent.acked());
        MeasureFigure rtt4 = figure(collector.report(SEPTEMBER), RTT4);
        assertEquals(6 * 20, rtt4.denominator(), "exactly the six good messages count");
        assertEquals(6 * 19, rtt4.numerator());

        agent.publish(good(8));
        await().atMost(PATIENCE).until(() -> collector.counters().stored() == 7);
    }

    private static final java.util.Comparator<String> QUARANTINE_ORDER = java.util.Comparator.comparingInt(
            List.of("unparseable", "oversized", "agent_mismatch", "bad_histogram")::indexOf);

    private static Envelope good(long sequence) {
        return intervals("agent-1", 1, sequence, interval(RTT4, SEP_START + sequence * 60_000, 25_000, 20, 19));
    }

    private static MeasureFigure figure(MonthlyReport report, String id) {
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }
}
