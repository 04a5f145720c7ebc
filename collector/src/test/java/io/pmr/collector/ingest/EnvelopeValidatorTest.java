package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.HostileHistograms;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.EventRecordBatch;
import io.pmr.proto.v1.IntervalReport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeValidatorTest {
    static final String TOPIC = "pmr/v1/agent-1/intervals";
    static final String RTT4 = "CSPN/PM4.3";
    static final long START = millis("2020-09-01T10:00:00Z");
    static final EnvelopeKey KEY = new EnvelopeKey("agent-1", 1, 5);

    final EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 4096,
            TestBounds.in2021());

    private static Envelope one(IntervalReport report) {
        return intervals("agent-1", 1, 5, report);
    }

    private Verdict.Invalid rejected(String topic, byte[] payload, RejectReason reason) {
        Verdict verdict = validator.validate(topic, payload);
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class, verdict);
        assertEquals(reason, invalid.reason(), invalid.detail());
        return invalid;
    }

    private Verdict.Invalid rejected(Envelope envelope, RejectReason reason) {
        return rejected(TOPIC, envelope.toByteArray(), reason);
    }

    @Test
    void acceptsAWellFormedEnvelope() {
        Envelope envelope = one(withHistogram(interval(RTT4, START, 25_000, 10, 9), histogram(1_500, 9)));

        Verdict verdict = validator.validate(TOPIC, envelope.toByteArray());

        assertEquals(envelope, assertInstanceOf(Verdict.Valid.class, verdict).envelope());
        assertInstanceOf(Verdict.Valid.class,
                validator.validate("pmr/v1/agent-1/status", status("agent-1", 1, 1, RTT4, 25_000).toByteArray()));
    }

    @Test
    void rejectsWhatCannotBeReadWithoutAKeyToAcknowledge() {
        assertNull(rejected(TOPIC, new byte[4097], RejectReason.OVERSIZED).ackKey());
        for (String topic : new String[] {"pmr/v1/agent-1/other", "pmr/v2/agent-1/intervals",
            "pmr/v1/agent-1/x/intervals", "pmr/v1//intervals", "elsewhere"}) {
            assertNull(rejected(topic, one(interval(RTT4, START, 25_000, 1, 1)).toByteArray(),
                    RejectReason.UNKNOWN_TOPIC).ackKey(), topic);
        }
        assertNull(rejected(TOPIC, "this is not protobuf".getBytes(StandardCharsets.US_ASCII),
                RejectReason.UNPARSEABLE).ackKey());
        byte[] good = one(interval(RTT4, START, 25_000, 1, 1)).toByteArray();
        assertNull(rejected(TOPIC, Arrays.copyOf(good, good.length - 3), RejectReason.UNPARSEABLE).ackKey());
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            nested.write((100 << 3 | 3) & 0x7f | 0x80); // start group, unknown field 100
            nested.write(100 >> 4);
        }
        rejected(TOPIC, nested.toByteArray(), RejectReason.UNPARSEABLE);
    }

    @Test
    void neverTrustsTheTopicsAgentId() {
        Envelope fromAgent2 = intervals("agent-2", 1, 5, interval(RTT4, START, 25_000, 1, 1));

        assertNull(rejected(fromAgent2, RejectReason.AGENT_MISMATCH).ackKey(),
                "neither agent can be trusted to be the sender: no ack");
        assertNull(rejected(Envelope.newBuilder().setSequence(1).setIntervals(fromAgent2.getIntervals()).build(),
                RejectReason.MISSING_AGENT_ID).ackKey());
    }

    @Test
    void rejectsBadContentAndAcknowledgesItsKey() {
        assertEquals(KEY, rejected("pmr/v1/agent-1/status", one(interval(RTT4, START, 25_000, 1, 1)).toByteArray(),
                RejectReason.KIND_MISMATCH).ackKey());
        assertEquals(KEY, rejected(Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(5).build(),
                RejectReason.KIND_MISMATCH).ackKey());
        assertEquals(KEY, rejected(one(interval("CSPX/PM4.3", START, 25_000, 1, 1)), RejectReason.UNKNOWN_MEASURE)
                .ackKey());
        rejected(one(interval(RTT4, START, 30_000, 1, 1)), RejectReason.TRT_MISMATCH);
        Verdict.Invalid noRule = rejected(one(interval("TSP/PM1.1", START, 30_000, 1, 1)), RejectReason.TRT_MISMATCH);
        assertTrue(noRule.detail().contains("trt_rule '' and trt_millis 30000 but the catalogue's TRT is"
                + " 'by 06:59 next day in 07:00-18:00' (0 ms)"), noRule.detail());
        rejected(one(interval(RTT4, START + 1, 25_000, 1, 1)), RejectReason.UNALIGNED_INTERVAL);
        Verdict.Invalid counts = rejected(one(interval(RTT4, START, 25_000, 10, 9).toBuilder().setFailed(1).build()),
                RejectReason.INCONSISTENT_COUNTS);
        assertEquals("intervals[0] CSPN/PM4.3 at 2020-09-01T10:00:00Z: events 10 != within_trt 9 + timed_out 1"
                + " + failed 1", counts.detail());
        rejected(one(interval(RTT4, START, 25_000, -1L, -1L)), RejectReason.COUNT_OUT_OF_RANGE);
        rejected(one(withHistogram(interval(RTT4, START, 25_000, 10, 9), HostileHistograms.claiming(5, 1, 1L << 62))),
                RejectReason.BAD_HISTOGRAM);
        rejected(one(withHistogram(interval(RTT4, START, 25_000, 10, 9), histogram(100, 11))),
                RejectReason.HISTOGRAM_EXCEEDS_EVENTS);
        rejected(watermark("agent-1", 1, 5, "NOPE", START), RejectReason.UNKNOWN_MEASURE);
        rejected("pmr/v1/agent-1/status", status("agent-1", 1, 5, RTT4, 1).toByteArray(), RejectReason.TRT_MISMATCH);
        Envelope events = Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(5)
                .setEvents(EventRecordBatch.newBuilder().addRecords(EventRecord.newBuilder().setMeasureId("NOPE")))
                .build();
        rejected("pmr/v1/agent-1/events", events.toByteArray(), RejectReason.UNKNOWN_MEASURE);
    }

    /** TSP/PM1.1 and PM1.7: the agent must have judged by the catalogue's rule, as its text says. */
    @Test
    void aTrtRuleMustBeTheCataloguesAsItsTextAndDuration() {
        IntervalReport batch = interval("TSP/PM1.1", START, 0, 1, 1).toBuilder()
                .setTrtRule("by 06:59 next day in 07:00-18:00").build();
        assertInstanceOf(Verdict.Valid.class, validator.validate(TOPIC, one(batch).toByteArray()));
        IntervalReport s2s = interval("TSP/PM1.7", START, 15_000, 1, 1).toBuilder().setTrtRule("15s in core hours").build();
        assertInstanceOf(Verdict.Valid.class, validator.validate(TOPIC, one(s2s).toByteArray()));
        Verdict.Invalid plain = rejected(one(interval("TSP/PM1.7", START, 15_000, 1, 1)), RejectReason.TRT_MISMATCH);
        assertTrue(plain.detail().contains("the catalogue's TRT is '15s in core hours' (15000 ms)"), plain.detail());
        rejected(one(s2s.toBuilder().setTrtRule("15s in 08:00-18:00").build()), RejectReason.TRT_MISMATCH);
        rejected(one(s2s.toBuilder().setTrtMillis(16_000).build()), RejectReason.TRT_MISMATCH);
        Verdict.Invalid ruleOnPlain = rejected(one(interval(RTT4, START, 25_000, 1, 1).toBuilder()
                .setTrtRule("25s in core hours").build()), RejectReason.TRT_MISMATCH);
        assertTrue(ruleOnPlain.detail().contains("but the catalogue's TRT is the plain duration 25000 ms"),
                ruleOnPlain.detail());
    }
}
