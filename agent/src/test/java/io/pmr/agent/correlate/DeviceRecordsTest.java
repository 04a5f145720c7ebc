package io.pmr.agent.correlate;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.agent.close.BatchBuilder;
import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReportBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.pmr.hardware.EventKind.CAT1_FIRMWARE_PAYLOAD;
import static io.pmr.hardware.EventKind.POWER_LOSS_ALERT;
import static io.pmr.hardware.EventKind.RTT4;
import static io.pmr.hardware.HubVariant.SKU1;
import static io.pmr.hardware.HubVariant.SKU2;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DeviceRecordsTest {
    private static final long T0 = Instant.parse("2020-09-30T22:59:00Z").toEpochMilli() * 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long DEVICE = 0x0000_0001_0000_0042L;

    private IntervalTable table;
    private DeviceRecords records;
    private Correlator correlator;
    private BatchBuilder builder;

    @BeforeEach
    void setUp() {
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(RTT4, Duration.ofSeconds(25));
        trts.put(POWER_LOSS_ALERT, Duration.ofSeconds(60));
        trts.put(CAT1_FIRMWARE_PAYLOAD, Duration.ofHours(24));
        Measures measures = new Measures(Region.NORTH, trts);
        table = new IntervalTable(measures);
        records = new DeviceRecords(2);
        correlator = new Correlator(table, 4, records);
        builder = new BatchBuilder(measures);
    }

    private List<EventRecord> batchRecords(long now) throws InvalidProtocolBufferException {
        IntervalReportBatch batch = builder.build(new ArrayList<IntervalCell>(), correlator.records(), correlator.intervals(), now);
        // through the wire form, as the collector reads it
        return IntervalReportBatch.parseFrom(batch.toByteArray()).getRecordsList();
    }

    @Test
    void eachFinalPerDeviceEventGivesOneRecordWithItsOutcome() throws Exception {
        correlator.onDeviceStart(1, POWER_LOSS_ALERT, SKU1, DEVICE, 77, T0);
        correlator.onDeviceStart(2, POWER_LOSS_ALERT, SKU2, DEVICE + 1, 77, T0 + 1);
        correlator.onDeviceStart(3, POWER_LOSS_ALERT, SKU1, DEVICE + 2, 77, T0 + 2);
        correlator.onDeviceStart(4, CAT1_FIRMWARE_PAYLOAD, SKU1, DEVICE + 3, 9, T0 + 3);
        correlator.onStart(5, RTT4, SKU1, T0);
        correlator.onEnd(1, T0 + 60 * SECOND, true);          // exactly at the TRT: within
        correlator.onEnd(2, T0 + 1 + 60 * SECOND + 1, true);  // 1 ns late, before expiry: outside
        correlator.onEnd(4, T0 + 3 + 3_600 * SECOND, false);  // failed payload
        correlator.onEnd(5, T0 + SECOND, true);                // not per-device: no record
        assertEquals(3, correlator.records().size());
        correlator.expire(T0 + 2 + 60 * SECOND + 1);           // alert 3 never delivered
        assertEquals(4, correlator.records().size());
        correlator.onEnd(3, T0 + 90 * SECOND, true);           // a late end changes nothing
        assertEquals(4, correlator.records().size());

        List<EventRecord> sent = batchRecords(T0 + 4_000 * SECOND);
        assertEquals(List.of(
                record("1", "0000000100000042", EventRecord.Outcome.WITHIN_TRT, 60_000_000L).setOutageId("77").build(),
                record("2", "0000000100000043", EventRecord.Outcome.OUTSIDE_TRT, 60_000_000L).setOutageId("77").build(),
                record("4", "0000000100000045", EventRecord.Outcome.FAILED, 3_600_000_000L).setPayloadId("9")
                        .setMeasureId("CSPN/PM2").build(),
                EventRecord.newBuilder().setMeasureId("CSPN/PM12.2").setDeviceId("0000000100000044").setMessageId("3")
                        .setStartEpochMillis(T0 / 1_000_000L).setOutcome(EventRecord.Outcome.TIMED_OUT)
                        .setOutageId("77").build()),
                sent.stream().map(r -> r.toBuilder().setStartEpochMillis(T0 / 1_000_000L).setEndEpochMillis(
                        r.getOutcome() == EventRecord.Outcome.TIMED_OUT ? 0 : 1).build()).toList());
        assertEquals(T0 / 1_000_000L + 3_600_000L, sent.get(2).getEndEpochMillis());
        assertEquals(4, correlator.timedOut() + correlator.withinTrt() + correlator.failed() - 1);
    }

    private static EventRecord.Builder record(String messageId, String device, EventRecord.Outcome outcome, long latencyMicros) {
        return EventRecord.newBuilder().setMeasureId("CSPN/PM12.2").setDeviceId(device).setMessageId(messageId)
                .setStartEpochMillis(T0 / 1_000_000L).setEndEpochMillis(1).setOutcome(outcome).setLatencyMicros(latencyMicros);
    }

    @Test
    void aStartWithoutDeviceOfAPerDeviceKindStillGivesARecord() throws Exception {
        correlator.onStart(1, POWER_LOSS_ALERT, SKU1, T0);
        correlator.onEnd(1, T0 + SECOND, true);
        List<EventRecord> sent = batchRecords(T0 + 120 * SECOND);
        assertEquals(1, sent.size());
        assertEquals("0000000000000000", sent.get(0).getDeviceId());
        assertEquals("", sent.get(0).getOutageId());
    }

    @Test
    void aPerDeviceKindTheSettingsDoNotListIsRejectedAndGivesNoRecord() {
        Map<EventKind, Duration> classic = new EnumMap<>(EventKind.defaultTrts());
        DeviceRecords none = new DeviceRecords(4);
        Correlator today = new Correlator(new IntervalTable(new Measures(Region.NORTH, classic)), 4, none);
        today.onDeviceStart(1, POWER_LOSS_ALERT, SKU1, DEVICE, 7, T0);
        today.onEnd(1, T0 + SECOND, true);
        assertEquals(1, today.rejected());
        assertEquals(1, today.unknownEnds());
        assertEquals(0, none.size());
    }

    @Test
    void recordsBeyondTheInitialCapacityAreKept() {
        for (int i = 0; i < 5_000; i++) {
            correlator.onDeviceStart(i, POWER_LOSS_ALERT, SKU1, DEVICE + i, 1, T0 + i);
        }
        correlator.expire(T0 + 3_600 * SECOND);
        assertEquals(5_000, records.size());
        assertEquals(DEVICE + 4_999, records.deviceId(4_999));
        records.clear();
        assertEquals(0, correlator.records().size());
    }
}
