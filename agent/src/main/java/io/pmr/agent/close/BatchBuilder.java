package io.pmr.agent.close;

import com.google.protobuf.ByteString;
import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.LatencyHistogramEncoder;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.model.TrtRule;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import io.pmr.proto.v1.MeasureWatermark;

import java.util.Collection;
import java.util.HexFormat;

/**
 * Turns final interval cells into one {@link IntervalReportBatch} with a watermark per measure.
 *
 * <p>Watermark of a measure = the start of the earliest interval still open in the table, or the start of
 * the current minute when there is none: once this batch is written, every interval of the measure starting
 * before it has been sent (final cells that could not be written, e.g. because the outbox was full, travel
 * in the same batch as the watermark that passes them). Cells with no events are skipped.
 *
 * <p>Per-device records ride in the same batch: every record given is final, and its interval still open
 * or sent in this batch, so no watermark passes a record before the batch that carries it (a record's
 * event is pending, holding its interval open, until the record exists).
 *
 * <p>Down windows of availability probes ride in the same batch too: closed windows, and a watermark of a probed
 * measure that never passes the start of its window still open (the window travels once closed).
 *
 * <p>Threading: the record path's thread (it reads cells and the table).
 */
public final class BatchBuilder {
    public static final long INTERVAL_MILLIS = IntervalTable.INTERVAL_NANOS / 1_000_000L;

    private final Measures measures;
    private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /**
     * Per kind, the last rule reported and its text: a rule is an immutable value the {@link Measures} schedule holds,
     * so one seen again (by identity) has the same text. {@link TrtRule#text()} formats on each call, and at 30,000
     * hubs the ruled measures' reports called it about once a report.
     */
    private final TrtRule[] lastRule = new TrtRule[EventKind.every().length];
    private final String[] lastRuleText = new String[EventKind.every().length];

    public BatchBuilder(Measures measures) {
        this.measures = measures;
    }

    /**
     * @param ready         final cells to send now
     * @param table         the open intervals (for the watermarks)
     * @param nowEpochNanos the port's clock
     */
    public IntervalReportBatch build(Collection<IntervalCell> ready, IntervalTable table, long nowEpochNanos) {
        return build(ready, null, table, nowEpochNanos);
    }

    /**
     * As {@link #build(Collection, IntervalTable, long)}, with every record in {@code records} (null: none),
     * in the order they became final. Does not clear them: the caller does once the batch is written.
     */
    public IntervalReportBatch build(Collection<IntervalCell> ready, DeviceRecords records, IntervalTable table,
                                     long nowEpochNanos) {
        return build(ready, records, null, table, nowEpochNanos);
    }

    /**
     * As {@link #build(Collection, DeviceRecords, IntervalTable, long)}, with every closed window of
     * {@code downWindows} (null: none), and the watermark of a probed measure held at or before the start of its
     * window still open (floored to the minute). Does not clear the windows: the caller does once the batch is written.
     */
    public IntervalReportBatch build(Collection<IntervalCell> ready, DeviceRecords records, DownWindows downWindows,
                                     IntervalTable table, long nowEpochNanos) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        if (downWindows != null) {
            for (int i = 0; i < downWindows.closedCount(); i++) {
                EventKind kind = downWindows.closedKind(i);
                if (!measures.measured(kind)) {
                    continue;
                }
                batch.addDownWindows(DownWindow.newBuilder()
                        .setMeasureId(measures.measureId(kind))
                        .setStartEpochMillis(Math.floorDiv(downWindows.closedStartEpochNanos(i), 1_000_000L))
                        .setEndEpochMillis(Math.floorDiv(downWindows.closedEndEpochNanos(i), 1_000_000L)));
            }
        }
        if (records != null) {
            for (int i = 0; i < records.size(); i++) {
                batch.addRecords(record(records, i));
            }
        }
        for (IntervalCell cell : ready) {
            if (reported(cell)) {
                batch.addIntervals(report(cell));
            }
        }
        long currentMinute = IntervalTable.intervalStartOf(nowEpochNanos);
        for (EventKind kind : EventKind.every()) {
            if (!measures.measured(kind)) {
                continue;
            }
            long watermarkNanos = Math.min(currentMinute, table.earliestOpenIntervalStartEpochNanos(kind));
            if (downWindows != null && kind.availabilityProbe()) {
                long openSince = downWindows.openSinceEpochNanos(kind);
                if (openSince != Long.MAX_VALUE) {
                    watermarkNanos = Math.min(watermarkNanos, IntervalTable.intervalStartOf(openSince));
                }
            }
            batch.addWatermarks(MeasureWatermark.newBuilder()
                    .setMeasureId(measures.measureId(kind))
                    .setFinalThroughEpochMillis(watermarkNanos / 1_000_000L)
                    .build());
        }
        return batch.build();
    }

    /** Whether {@link #build} puts this cell in the batch (in the order given): it has final events. */
    public static boolean reported(IntervalCell cell) {
        return cell.finalEvents() > 0;
    }

    /** The device id as an agent publishes it: 16 upper-case hex digits (an EUI-64). */
    public static String deviceIdText(long deviceId) {
        return HEX.toHexDigits(deviceId);
    }

    EventRecord record(DeviceRecords records, int i) {
        EventKind kind = records.kind(i);
        long start = records.startEpochNanos(i);
        long end = records.endEpochNanos(i);
        EventRecord.Builder record = EventRecord.newBuilder()
                .setMeasureId(measures.measureId(kind))
                .setDeviceId(deviceIdText(records.deviceId(i)))
                .setMessageId(Long.toString(records.messageId(i)))
                .setStartEpochMillis(Math.floorDiv(start, 1_000_000L))
                .setOutcome(outcome(records.outcome(i)));
        if (end != 0) { // 0: no end seen (timed out, or an excluded check not answered)
            record.setEndEpochMillis(Math.floorDiv(end, 1_000_000L)).setLatencyMicros((end - start) / 1_000L);
        }
        long group = records.groupId(i);
        if (group != 0) {
            if (kind == EventKind.POWER_LOSS_ALERT) {
                record.setOutageId(Long.toString(group));
            } else if (kind == EventKind.CAT1_FIRMWARE_PAYLOAD) {
                record.setPayloadId(Long.toString(group));
            }
        }
        return record.build();
    }

    private static EventRecord.Outcome outcome(byte outcome) {
        switch (outcome) {
            case DeviceRecords.WITHIN_TRT:
                return EventRecord.Outcome.WITHIN_TRT;
            case DeviceRecords.OUTSIDE_TRT:
                return EventRecord.Outcome.OUTSIDE_TRT;
            case DeviceRecords.TIMED_OUT:
                return EventRecord.Outcome.TIMED_OUT;
            case DeviceRecords.FAILED:
                return EventRecord.Outcome.FAILED;
            case DeviceRecords.EXCLUDED:
                return EventRecord.Outcome.EXCLUDED;
            default:
                return EventRecord.Outcome.OUTCOME_UNSPECIFIED;
        }
    }

    IntervalReport report(IntervalCell cell) {
        IntervalReport.Builder report = IntervalReport.newBuilder()
                .setMeasureId(measures.measureId(cell.kind()))
                .setScope(cell.variant().name())
                .setIntervalStartEpochMillis(cell.intervalStartEpochMillis())
                .setIntervalLengthMillis(INTERVAL_MILLIS)
                .setTrtMillis(measures.trtMillis(cell.kind(), cell.intervalStartEpochNanos()))
                .setEvents(cell.finalEvents()) // pending events of an open cell travel later (see Agent.close)
                .setWithinTrt(cell.withinTrt())
                .setTimedOut(cell.timedOut())
                .setFailed(cell.failed())
                .setHistogramUnit(LatencyUnit.MICROSECONDS);
        TrtRule rule = measures.rule(cell.kind(), cell.intervalStartEpochNanos());
        if (rule != null) {
            report.setTrtRule(ruleText(cell.kind(), rule));
        }
        int histogramBytes = cell.encodeLatenciesInto(encoder);
        if (histogramBytes > 0) {
            report.setHistogram(ByteString.copyFrom(encoder.encoded(), 0, histogramBytes)); // one copy, no interim array
        }
        return report.build();
    }

    /** The rule's text, formatted once while a kind's rule stays the same object. */
    private String ruleText(EventKind kind, TrtRule rule) {
        int k = kind.ordinal();
        if (lastRule[k] != rule) {
            lastRuleText[k] = rule.text();
            lastRule[k] = rule;
        }
        return lastRuleText[k];
    }
}
