package io.pmr.agent.rtt;

import org.HdrHistogram.Histogram;

/**
 * The session's report intervals for its {@code .hlog}: the latencies of the current interval in a histogram of their
 * own (nanoseconds, 3 significant digits, auto-resizing), written to the {@link IntervalLog} as each interval closes.
 * Interval k (k = 1, 2, ...) ends at start + k x the report interval, whenever it is closed, so a late report does not
 * shift the ones after it; the last, partial interval ends when the session does.
 *
 * <p>Threading: not thread-safe; the session calls it with its lock held.
 */
final class RttIntervals {
    private final IntervalLog log;
    private final long intervalNanos;
    private final Histogram current = new Histogram(3);

    private long startEpochNanos;
    private long currentStartEpochNanos;
    private long closedOnSchedule;
    private boolean finished;

    /**
     * @param log           where each interval goes
     * @param intervalNanos the report interval, positive
     */
    RttIntervals(IntervalLog log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Writes the log's header and opens the first interval at the session's start. Once, before anything else. */
    void start(long startEpochNanos, String comment) {
        this.startEpochNanos = startEpochNanos;
        this.currentStartEpochNanos = startEpochNanos;
        log.header(startEpochNanos, comment);
    }

    /** Adds a recorded latency to the current interval. */
    void record(long latencyNanos) {
        current.recordValue(latencyNanos);
    }

    /**
     * Closes the next interval at its scheduled end, writes it and opens the following one.
     *
     * @return the epoch nanoseconds at which the following interval is due to close
     */
    long closeScheduled() {
        closedOnSchedule++;
        long endEpochNanos = startEpochNanos + closedOnSchedule * intervalNanos;
        write(endEpochNanos);
        return endEpochNanos + intervalNanos;
    }

    /** True once {@link #finish} ran: no interval is written after it. */
    boolean isFinished() {
        return finished;
    }

    /**
     * Writes the last, partial interval, ending at {@code nowEpochNanos} (or at its start if the clock is behind it),
     * unless it is empty and took no time; later calls do nothing.
     */
    void finish(long nowEpochNanos) {
        if (finished) {
            return;
        }
        finished = true;
        if (nowEpochNanos > currentStartEpochNanos || current.getTotalCount() > 0) {
            write(Math.max(nowEpochNanos, currentStartEpochNanos));
        }
    }

    private void write(long endEpochNanos) {
        log.interval(current, currentStartEpochNanos, endEpochNanos);
        current.reset();
        currentStartEpochNanos = endEpochNanos;
    }
}
