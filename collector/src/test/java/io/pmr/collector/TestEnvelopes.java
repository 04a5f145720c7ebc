package io.pmr.collector;

import com.google.protobuf.ByteString;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.ExclusionCount;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import io.pmr.proto.v1.MeasureSource;
import io.pmr.proto.v1.MeasureWatermark;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/** Hand-built agent messages for tests (the agent is written elsewhere; tests play it). */
public final class TestEnvelopes {
    public static final long RTT4_TRT_MILLIS = 25_000;

    private TestEnvelopes() {
    }

    public static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** An interval report with consistent counts: timedOut + failed = events - within. */
    public static IntervalReport interval(String measureId, long startEpochMillis, long trtMillis, long events,
            long within) {
        return IntervalReport.newBuilder().setMeasureId(measureId).setScope("SKU1")
                .setIntervalStartEpochMillis(startEpochMillis).setIntervalLengthMillis(60_000).setTrtMillis(trtMillis)
                .setEvents(events).setWithinTrt(within).setTimedOut(events - within).setFailed(0).build();
    }

    public static IntervalReport withExclusion(IntervalReport report, String reason, long count) {
        return report.toBuilder().addExcluded(ExclusionCount.newBuilder().setReason(reason).setCount(count)).build();
    }

    public static IntervalReport withHistogram(IntervalReport report, ByteString histogram) {
        return report.toBuilder().setHistogram(histogram).setHistogramUnit(LatencyUnit.MILLISECONDS).build();
    }

    /** A compressed HdrHistogram (1 ms .. 1 day, 3 digits) holding {@code count} values of {@code valueMillis}. */
    public static ByteString histogram(long valueMillis, long count) {
        Histogram histogram = new Histogram(1, 86_400_000L, 3);
        histogram.recordValueWithCount(valueMillis, count);
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    public static Envelope intervals(String agentId, long bootEpoch, long sequence, IntervalReport... reports) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(bootEpoch).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addAllIntervals(java.util.List.of(reports))).build();
    }

    public static Envelope watermark(String agentId, long bootEpoch, long sequence, String measureId,
            long finalThroughEpochMillis) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(bootEpoch).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addWatermarks(MeasureWatermark.newBuilder()
                        .setMeasureId(measureId).setFinalThroughEpochMillis(finalThroughEpochMillis)))
                .build();
    }

    public static Envelope status(String agentId, long bootEpoch, long sequence, String measureId, long trtMillis) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(bootEpoch).setSequence(sequence)
                .setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE).setRegion("north")
                        .addMeasures(MeasureSource.newBuilder().setMeasureId(measureId).setTrtMillis(trtMillis)))
                .build();
    }
}
