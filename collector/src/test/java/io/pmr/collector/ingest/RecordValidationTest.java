package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.EventRecordBatch;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Per-device records in an interval batch (or an events body) are checked like the batch's other fields. */
class RecordValidationTest {
    static final String TOPIC = "pmr/v1/agent-1/intervals";
    static final long START = millis("2020-09-01T10:00:00Z");

    final EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 16 << 20,
            TestBounds.in2021());

    static EventRecord good() {
        return EventRecord.newBuilder().setMeasureId("CSPN/PM2").setDeviceId("00000000000000a1").setMessageId("17")
                .setStartEpochMillis(START).setEndEpochMillis(START + 3_600_000).setLatencyMicros(3_600_000_000L)
                .setOutcome(EventRecord.Outcome.WITHIN_TRT).setPayloadId("9").build();
    }

    /** An interval batch of RTT4 with two records, the second changed by {@code change}. */
    static Envelope batch(UnaryOperator<EventRecord.Builder> change) {
        return batch(List.of(good(), change.apply(good().toBuilder()).build()));
    }

    static Envelope batch(List<EventRecord> records) {
        return Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(5)
                .setIntervals(IntervalReportBatch.newBuilder().addIntervals(interval("CSPN/PM4.3", START, 25_000, 1, 1))
                        .addAllRecords(records)
                        .addWatermarks(MeasureWatermark.newBuilder().setMeasureId("CSPN/PM2")
                                .setFinalThroughEpochMillis(START)))
                .build();
    }

    private Verdict.Invalid rejected(Envelope envelope, RejectReason reason, String detail) {
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class,
                validator.validate(TOPIC, envelope.toByteArray()));
        assertEquals(reason, invalid.reason(), invalid.detail());
        assertEquals(detail, invalid.detail());
        assertEquals(new EnvelopeKey("agent-1", 1, 5), invalid.ackKey(), "a bad record's envelope is acknowledged");
        return invalid;
    }

    @Test
    void acceptsRecordsOfEveryOutcomeAndATimedOutRecordWithoutAnEnd() {
        for (EventRecord.Outcome outcome : List.of(EventRecord.Outcome.WITHIN_TRT, EventRecord.Outcome.OUTSIDE_TRT,
                EventRecord.Outcome.FAILED, EventRecord.Outcome.EXCLUDED)) {
            assertInstanceOf(Verdict.Valid.class,
                    validator.validate(TOPIC, batch(r -> r.setOutcome(outcome)).toByteArray()), outcome.name());
        }
        assertInstanceOf(Verdict.Valid.class, validator.validate(TOPIC, batch(r -> r.setOutcome(
                EventRecord.Outcome.TIMED_OUT).setEndEpochMillis(0).setLatencyMicros(0)).toByteArray()));
        assertInstanceOf(Verdict.Valid.class, validator.validate(TOPIC, batch(r -> r.setMeasureId("CSPS/PM12.2")
                .setPayloadId("").setOutageId("4")).toByteArray()), "power_outage measures take records");
        assertInstanceOf(Verdict.Valid.class, validator.validate(TOPIC, batch(r -> r.setEndEpochMillis(START))
                .toByteArray()), "an end equal to the start is fine");
    }

    @Test
    void aBadRecordQuarantinesItsEnvelopeNamingTheRecordAndTheField() {
        rejected(batch(r -> r.setMeasureId("CSPX/PM2")), RejectReason.UNKNOWN_MEASURE,
                "records[1]: measure 'CSPX/PM2' is not in the catalogue");
        rejected(batch(r -> r.setMeasureId("CSPN/PM6.2")), RejectReason.BAD_RECORD,
                "records[1] CSPN/PM6.2: measure_id is of kind availability, which takes no per-device records");
        rejected(batch(r -> r.setDeviceId("")), RejectReason.BAD_RECORD, "records[1] CSPN/PM2: device_id is empty");
        rejected(batch(r -> r.setMessageId("")), RejectReason.BAD_RECORD, "records[1] CSPN/PM2: message_id is empty");
        rejected(batch(r -> r.setOutcome(EventRecord.Outcome.OUTCOME_UNSPECIFIED)), RejectReason.BAD_RECORD,
                "records[1] CSPN/PM2: outcome 0 is not WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED or EXCLUDED");
        rejected(batch(r -> r.setOutcomeValue(42)), RejectReason.BAD_RECORD,
                "records[1] CSPN/PM2: outcome 42 is not WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED or EXCLUDED");
        rejected(batch(r -> r.setEndEpochMillis(START - 1)), RejectReason.BAD_RECORD,
                "records[1] CSPN/PM2: end_epoch_millis 1598954399999 is before start_epoch_millis 1598954400000");
    }

    @Test
    void anEventsBodyIsCheckedTheSameWay() {
        Envelope events = Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(5)
                .setEvents(EventRecordBatch.newBuilder().addRecords(good()).addRecords(good().toBuilder()
                        .setDeviceId(""))).build();
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class,
                validator.validate("pmr/v1/agent-1/events", events.toByteArray()));
        assertEquals(RejectReason.BAD_RECORD, invalid.reason());
        assertEquals("records[1] CSPN/PM2: device_id is empty", invalid.detail());
    }

    @Test
    void theRecordCountPerEnvelopeIsBounded() {
        EventRecord small = EventRecord.newBuilder().setMeasureId("CSPN/PM2").setDeviceId("a").setMessageId("1")
                .setStartEpochMillis(START).setOutcome(EventRecord.Outcome.TIMED_OUT).build();
        rejected(batch(Collections.nCopies(RecordChecks.MAX_RECORDS + 1, small)), RejectReason.TOO_MANY_RECORDS,
                (RecordChecks.MAX_RECORDS + 1) + " records exceed " + RecordChecks.MAX_RECORDS
                        + " per envelope");
        assertInstanceOf(Verdict.Valid.class, validator.validate(TOPIC,
                batch(Collections.nCopies(RecordChecks.MAX_RECORDS, small)).toByteArray()));
    }
}
