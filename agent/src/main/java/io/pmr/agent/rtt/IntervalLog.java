package io.pmr.agent.rtt;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The session's {@code .hlog}: one header (format version, a comment saying what the values are, start and base
 * time, legend), then one untagged interval histogram per report interval, values in nanoseconds. That is what
 * HdrHistogram's own {@code HistogramLogProcessor} expects with its defaults (untagged intervals; its default
 * output unit ratio, 1e6, turns nanoseconds into milliseconds).
 *
 * <p>Threading: not thread-safe; {@link RttIntervals} calls it with the session's lock held.
 */
final class IntervalLog {
    private final HistogramLogWriter writer;

    /** @param writer where the log goes, or null for none; nothing may have been written to it yet */
    IntervalLog(HistogramLogWriter writer) {
        this.writer = writer;
    }

    /** Writes the header; once, at the session's start. */
    void header(long startEpochNanos, String comment) {
        if (writer == null) {
            return;
        }
        long startMillis = Math.floorDiv(startEpochNanos, 1_000_000L);
        writer.outputLogFormatVersion();
        writer.outputComment(comment);
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
    }

    /** Writes {@code interval} (nanosecond values) as the histogram of [start, end), epoch nanoseconds. */
    void interval(Histogram interval, long startEpochNanos, long endEpochNanos) {
        if (writer == null) {
            return;
        }
        interval.setStartTimeStamp(Math.floorDiv(startEpochNanos, 1_000_000L));
        interval.setEndTimeStamp(Math.floorDiv(endEpochNanos, 1_000_000L));
        interval.setTag(null);
        writer.outputIntervalHistogram(interval);
    }
}
