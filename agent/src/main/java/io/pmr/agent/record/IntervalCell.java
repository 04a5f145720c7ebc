package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Exact counts of one (measure, scope, one-minute UTC interval): events started in the interval, how each
 * became final, how many are still pending, and the latencies of the completed ones in microseconds.
 *
 * <p>Threading: owned by the record path's thread (the port's listener thread). Cells are pooled and
 * reused by {@link IntervalTable}; do not keep a reference after {@link IntervalTable#recycle}.
 */
public final class IntervalCell {
    private static final int INITIAL_SAMPLES = 8;

    private final EventKind kind;
    private final HubVariant variant;
    private long intervalStartEpochNanos;
    private long events;
    private long withinTrt;
    private long timedOut;
    private long failed;
    private long pending;
    /**
     * Latencies of completed events, microseconds: an open interval holds just what it saw (a few values a
     * minute), encoded into a histogram only when sent. Reused across recycling; grows, never shrinks.
     */
    private long[] latencyMicros = new long[INITIAL_SAMPLES];
    private int latencyCount;

    IntervalCell(EventKind kind, HubVariant variant) {
        this.kind = kind;
        this.variant = variant;
    }

    void reset(long intervalStartEpochNanos) {
        this.intervalStartEpochNanos = intervalStartEpochNanos;
        events = 0;
        withinTrt = 0;
        timedOut = 0;
        failed = 0;
        pending = 0;
        latencyCount = 0;
    }

    /** An event started in this interval and is now pending. */
    public void started() {
        events++;
        pending++;
    }

    /** A pending event completed within its TRT after {@code latencyNanos} (&gt;= 0). */
    public void completedWithinTrt(long latencyNanos) {
        withinTrt++;
        pending--;
        recordLatency(latencyNanos);
    }

    /** A pending event ended unsuccessfully or after its TRT, after {@code latencyNanos} (&gt;= 0). */
    public void completedFailed(long latencyNanos) {
        failed++;
        pending--;
        recordLatency(latencyNanos);
    }

    /** A pending event passed its deadline with no end: it is final as timed out. */
    public void expired() {
        timedOut++;
        pending--;
    }

    private void recordLatency(long latencyNanos) {
        if (latencyCount == latencyMicros.length) {
            latencyMicros = Arrays.copyOf(latencyMicros, latencyCount * 2);
        }
        latencyMicros[latencyCount++] = latencyNanos / 1_000L;
    }

    public EventKind kind() {
        return kind;
    }

    public HubVariant variant() {
        return variant;
    }

    public long intervalStartEpochNanos() {
        return intervalStartEpochNanos;
    }

    public long intervalStartEpochMillis() {
        return intervalStartEpochNanos / 1_000_000L;
    }

    public long events() {
        return events;
    }

    /** Events of this interval that are final (completed or timed out): all of them once none is pending. */
    public long finalEvents() {
        return events - pending;
    }

    public long withinTrt() {
        return withinTrt;
    }

    public long timedOut() {
        return timedOut;
    }

    public long failed() {
        return failed;
    }

    public long pending() {
        return pending;
    }

    /** The largest latency recorded, microseconds; 0 when none. */
    public long maxLatencyMicros() {
        long max = 0;
        for (int i = 0; i < latencyCount; i++) {
            max = Math.max(max, latencyMicros[i]);
        }
        return max;
    }

    /** How many completed events have a latency recorded. */
    public int latencyCount() {
        return latencyCount;
    }

    /**
     * The compressed HdrHistogram (microseconds) of the completed events' latencies, or null when none
     * completed. Reorders the cell's samples.
     */
    public byte[] encodeLatencies(LatencyHistogramEncoder encoder) {
        return latencyCount == 0 ? null : encoder.encode(latencyMicros, latencyCount);
    }

    /**
     * The latencies as a new {@link Histogram} in microseconds, or null when none completed. Allocates:
     * for tests and diagnostics, not the record path.
     */
    public Histogram latencyMicros() {
        if (latencyCount == 0) {
            return null;
        }
        Histogram histogram = new Histogram(LatencyHistogramEncoder.SIGNIFICANT_DIGITS);
        for (int i = 0; i < latencyCount; i++) {
            histogram.recordValue(latencyMicros[i]);
        }
        return histogram;
    }

    @Override
    public String toString() {
        return kind + "/" + variant + "@" + intervalStartEpochMillis() + "[events=" + events + ", within="
                + withinTrt + ", timedOut=" + timedOut + ", failed=" + failed + ", pending=" + pending + "]";
    }
}
