package io.pmr.hardware;

/**
 * Time as hardware sees it: a wall clock for attribution and a monotonic clock for durations.
 * Passed in everywhere time is read, so a test or a simulation runs a month on a virtual clock.
 *
 * <p>Threading: implementations are safe to read from any thread.
 */
public interface TimeSource {

    /** Wall-clock time, UTC epoch nanoseconds. */
    long epochNanos();

    /** Monotonic nanoseconds with an arbitrary origin, only for differences. */
    long monotonicNanos();

    /** Wall-clock time, UTC epoch milliseconds. */
    default long epochMillis() {
        return Math.floorDiv(epochNanos(), 1_000_000L);
    }

    /** The system clocks. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
