package io.pmr.hardware.sim;

/**
 * A half-open span of time {@code [startEpochMillis, endEpochMillis)}, UTC epoch milliseconds: an interface's down
 * window or a scheduled maintenance window.
 */
public record TimeWindow(long startEpochMillis, long endEpochMillis) {
    public TimeWindow {
        if (endEpochMillis <= startEpochMillis) {
            throw new IllegalArgumentException("endEpochMillis " + endEpochMillis + " must be after startEpochMillis "
                    + startEpochMillis);
        }
    }
}
