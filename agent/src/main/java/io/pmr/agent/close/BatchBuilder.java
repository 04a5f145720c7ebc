package io.pmr.agent.close;

import com.google.protobuf.ByteString;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.LatencyHistogramEncoder;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import io.pmr.proto.v1.MeasureWatermark;

import java.util.Collection;

/**
 * Turns final interval cells into one {@link IntervalReportBatch} with a watermark per measure.
 *
 * <p>Watermark of a measure = the start of the earliest interval still open in the table, or the start of
 * the current minute when there is none: once this batch is written, every interval of the measure starting
 * before it has been sent (final cells that could not be written, e.g. because the outbox was full, travel
 * in the same batch as the watermark that passes them). Cells with no events are skipped.
 *
 * <p>Threading: the record path's thread (it reads cells and the table).
 */
public final class BatchBuilder {
    public static final long INTERVAL_MILLIS = IntervalTable.INTERVAL_NANOS / 1_000_000L;

    private final Measures measures;
    private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();

    public BatchBuilder(Measures measures) {
        this.measures = measures;
    }

    /**
     * @param ready         final cells to send now
     * @param table         the open intervals (for the watermarks)
     * @param nowEpochNanos the port's clock
     */
    public IntervalReportBatch build(Collection<IntervalCell> ready, IntervalTable table, long nowEpochNanos) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (IntervalCell cell : ready) {
            if (reported(cell)) {
                batch.addIntervals(report(cell));
            }
        }
        long currentMinute = IntervalTable.intervalStartOf(nowEpochNanos);
        for (EventKind kind : EventKind.all()) {
            if (!measures.measured(kind)) {
                continue;
            }
            long watermarkNanos = Math.min(currentMinute, table.earliestOpenIntervalStartEpochNanos(kind));
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

    IntervalReport report(IntervalCell cell) {
        IntervalReport.Builder report = IntervalReport.newBuilder()
                .setMeasureId(measures.measureId(cell.kind()))
                .setScope(cell.variant().name())
                .setIntervalStartEpochMillis(cell.intervalStartEpochMillis())
                .setIntervalLengthMillis(INTERVAL_MILLIS)
                .setTrtMillis(measures.trtMillis(cell.kind()))
                .setEvents(cell.finalEvents()) // pending events of an open cell travel later (see Agent.close)
                .setWithinTrt(cell.withinTrt())
                .setTimedOut(cell.timedOut())
                .setFailed(cell.failed())
                .setHistogramUnit(LatencyUnit.MICROSECONDS);
        byte[] histogram = cell.encodeLatencies(encoder);
        if (histogram != null) {
            report.setHistogram(ByteString.copyFrom(histogram));
        }
        return report.build();
    }
}
