package io.pmr.collector.http;

import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The merged latency histogram of a measure's interval reports whose interval starts in
 * {@code [fromEpochMillis, toEpochMillis)}. Values are latencies in <b>nanoseconds</b> of the events that completed
 * (timed-out events have none). Thread-safe; may read the store.
 */
@FunctionalInterface
public interface HistogramSource {
    /** Empty when no interval report of the measure in the range carries a histogram. */
    Optional<Histogram> histogram(String measureId, long fromEpochMillis, long toEpochMillis);
}
