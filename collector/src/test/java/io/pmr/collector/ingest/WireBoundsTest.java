package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.EventRecordBatch;
import io.pmr.proto.v1.IntervalReportBatch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The edge's bounds on times, interval lengths, sequences and boot epochs (collector clock: 2021-01-01). */
class WireBoundsTest {
    private static final String TOPIC = "pmr/v1/agent-1/intervals";
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long NOW = TestBounds.NOW.toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final long Y2000 = millis("2000-01-01T00:00:00Z");
    private static final EnvelopeKey KEY = new EnvelopeKey("agent-1", 1, 5);

    private final EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 1 << 20,
            TestBounds.in2021());

    private Verdict validate(Envelope envelope) {
        return validator.validate(TOPIC, envelope.toByteArray());
    }

    private Verdict.Invalid rejected(Envelope envelope, RejectReason reason, String inDetail) {
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class, validate(envelope));
        assertEquals(reason, invalid.reason(), invalid.detail());
        assertTrue(invalid.detail().contains(inDetail), invalid.detail());
        return invalid;
    }

    /** The last aligned minute strictly before now + 1 day, the latest interval start the edge admits. */
    private static long latestStart() {
        return NOW + DAY - 60_000;
    }

    @Test
    void watermarksLieFrom2000ToTheCollectorsClockPlusTheSkew() {
        assertInstanceOf(Verdict.Valid.class, validate(watermark("agent-1", 1, 5, RTT4, Y2000)));
        assertInstanceOf(Verdict.Valid.class, validate(watermark("agent-1", 1, 5, RTT4, NOW + DAY - 1)));
        for (long bad : new long[] {Long.MAX_VALUE, NOW + DAY, Y2000 - 1, 0, -1, Long.MIN_VALUE}) {
            Verdict.Invalid invalid = rejected(watermark("agent-1", 1, 5, RTT4, bad), RejectReason.TIME_OUT_OF_RANGE,
                    "watermarks[0] " + RTT4 + ": final_through_epoch_millis " + bad);
            assertEquals(KEY, invalid.ackKey(), "acknowledged: re-sending cannot fix it");
        }
    }

    @Test
    void intervalStartsAndLengthsAreBounded() {
        assertInstanceOf(Verdict.Valid.class, validate(intervals("agent-1", 1, 5, interval(RTT4, Y2000, 25_000, 1, 1),
                interval(RTT4, latestStart(), 25_000, 1, 1))));
        long year9999 = millis("9999-01-01T00:00:00Z");
        long before1970 = millis("1969-12-31T23:59:00Z");
        for (long bad : new long[] {year9999, before1970, NOW + DAY, millis("1999-12-31T23:59:00Z")}) {
            rejected(intervals("agent-1", 1, 5, interval(RTT4, bad, 25_000, 1, 1)), RejectReason.TIME_OUT_OF_RANGE,
                    "intervals[0] " + RTT4 + ": interval_start_epoch_millis " + bad);
        }
        for (long length : new long[] {0, -60_000, Long.MIN_VALUE, DAY + 1, Long.MAX_VALUE}) {
            rejected(intervals("agent-1", 1, 5, interval(RTT4, Y2000, 25_000, 1, 1).toBuilder()
                    .setIntervalLengthMillis(length).build()), RejectReason.BAD_INTERVAL_LENGTH,
                    "interval_length_millis " + length + " is outside 1.." + DAY);
        }
    }

    @Test
    void downWindowsAndRecordTimesAreBounded() {
        Envelope window = Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(5)
                .setIntervals(IntervalReportBatch.newBuilder().addDownWindows(DownWindow.newBuilder()
                        .setMeasureId("CSPN/PM6.2").setStartEpochMillis(NOW).setEndEpochMillis(NOW + DAY)))
                .build();
        rejected(window, RejectReason.TIME_OUT_OF_RANGE, "down_windows[0] CSPN/PM6.2: end_epoch_millis " + (NOW + DAY));
        Envelope early = window.toBuilder().setIntervals(IntervalReportBatch.newBuilder().addDownWindows(DownWindow
                .newBuilder().setMeasureId("CSPN/PM6.2").setStartEpochMillis(-5).setEndEpochMillis(NOW))).build();
        rejected(early, RejectReason.TIME_OUT_OF_RANGE, "down_windows[0] CSPN/PM6.2: start_epoch_millis -5");

        EventRecord good = EventRecord.newBuilder().setMeasureId("CSPN/PM2").setDeviceId("d").setMessageId("1")
                .setStartEpochMillis(NOW).setOutcome(EventRecord.Outcome.TIMED_OUT).build();
        assertInstanceOf(Verdict.Valid.class, validator.validate("pmr/v1/agent-1/events", events(good).toByteArray()));
        Verdict.Invalid badStart = assertInstanceOf(Verdict.Invalid.class, validator.validate(
                "pmr/v1/agent-1/events", events(good.toBuilder().setStartEpochMillis(0).build()).toByteArray()));
        assertEquals(RejectReason.TIME_OUT_OF_RANGE, badStart.reason());
        assertEquals(KEY, badStart.ackKey());
        Verdict.Invalid badEnd = assertInstanceOf(Verdict.Invalid.class, validator.validate("pmr/v1/agent-1/events",
                events(good.toBuilder().setEndEpochMillis(Long.MAX_VALUE).build()).toByteArray()));
        assertTrue(badEnd.detail().startsWith("records[0] CSPN/PM2: end_epoch_millis " + Long.MAX_VALUE),
                badEnd.detail());
    }

    private static Envelope events(EventRecord record) {
        return Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(5)
                .setEvents(EventRecordBatch.newBuilder().addRecords(record)).build();
    }

    @Test
    void keysNoAgentProducesAreRefusedWithoutAnAck() {
        String topic = "pmr/v1/agent-1/status";
        for (long sequence : new long[] {0, Long.MIN_VALUE, -1}) {
            Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class,
                    validator.validate(topic, status("agent-1", 1, sequence, RTT4, 25_000).toByteArray()));
            assertEquals(RejectReason.KEY_OUT_OF_RANGE, invalid.reason());
            assertEquals("sequence " + Long.toUnsignedString(sequence) + " is outside 1.." + Long.MAX_VALUE,
                    invalid.detail());
            assertNull(invalid.ackKey());
        }
        Verdict.Invalid epochZero = assertInstanceOf(Verdict.Invalid.class,
                validator.validate(topic, status("agent-1", 0, 5, RTT4, 25_000).toByteArray()));
        assertEquals(RejectReason.KEY_OUT_OF_RANGE, epochZero.reason());
        assertNull(epochZero.ackKey());
        // The largest sequence, and any nonzero boot epoch (even one read as negative), are an agent's to use.
        assertInstanceOf(Verdict.Valid.class,
                validator.validate(topic, status("agent-1", -7, Long.MAX_VALUE, RTT4, 25_000).toByteArray()));
    }

    @Test
    void theSkewIsASetting() {
        assertThrows(IllegalArgumentException.class, () -> new IngestSettings("tcp://127.0.0.1:1883", "c", 10, 1,
                null, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new IngestSettings("tcp://127.0.0.1:1883", "c", 10, 1,
                null, Duration.ofDays(366)));
        assertEquals(Duration.ofDays(1), new IngestSettings("tcp://127.0.0.1:1883", "c", 10, 1).maxClockSkew());
        WireBounds week = new WireBounds(java.time.Clock.fixed(TestBounds.NOW, java.time.ZoneOffset.UTC),
                Duration.ofDays(7));
        assertNull(week.checkTime("t", NOW + 6 * DAY));
        assertTrue(week.checkTime("t", NOW + 7 * DAY).startsWith("t " + (NOW + 7 * DAY)));
    }
}
