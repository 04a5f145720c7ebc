package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.HdrHistogram.PackedHistogram;

/**
 * Exact counts of one (measure, scope, one-minute UTC interval): events started in the interval, how each
 * became final, how many are still pending, and the latencies of the completed ones in microseconds.
 *
 * <p>Threading: owned by the record path's thread (the port's listener thread). Cells are pooled and
 * reused by {@link IntervalTable}; do not keep a reference after {@link IntervalTable#recycle}.
 */
public final class IntervalCell {
    /** Latency histograms are packed and auto-resizing: an open RTT2 interval holds only what it saw. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final EventKind kind;
    private final HubVariant variant;
    private long intervalStartEpochNanos;
    private long events;
    private long withinTrt;
    private long timedOut;
    private long failed;
    private long pending;
    private PackedHistogram latencyMicros;

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
        if (latencyMicros != null) {
            latencyMicros.reset();
        }
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
        if (latencyMicros == null) {
            // Allocated once per pooled cell, on its first completed event; reused after recycling.
            latencyMicros = new PackedHistogram(SIGNIFICANT_DIGITS);
        }
        latencyMicros.recordValue(latencyNanos / 1_000L);
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

    /** Latencies of completed events in microseconds; null when none completed. Do not modify. */
    public PackedHistogram latencyMicros() {
        return latencyMicros == null || latencyMicros.getTotalCount() == 0 ? null : latencyMicros;
    }

    @Override
    public String toString() {
        return kind + "/" + variant + "@" + intervalStartEpochMillis() + "[events=" + events + ", within="
                + withinTrt + ", timedOut=" + timedOut + ", failed=" + failed + ", pending=" + pending + "]";
    }
}
