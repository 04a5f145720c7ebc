package io.pmr.hardware;

import java.time.Instant;

/** The JVM's clocks: {@link Instant#now()} for the wall clock, {@link System#nanoTime()} for durations. */
final class SystemTimeSource implements TimeSource {
    static final SystemTimeSource INSTANCE = new SystemTimeSource();

    private SystemTimeSource() {
    }

    @Override
    public long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }
}
