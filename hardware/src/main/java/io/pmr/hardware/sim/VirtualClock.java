package io.pmr.hardware.sim;

import io.pmr.hardware.TimeSource;

/**
 * A clock that moves only when told to, so a month runs in seconds. Monotonic and wall-clock readings
 * are the same value: a virtual clock never jumps back.
 *
 * <p>Threading: readable from any thread; advanced by one thread.
 */
public final class VirtualClock implements TimeSource {
    private volatile long nowEpochNanos;

    public VirtualClock(long startEpochNanos) {
        this.nowEpochNanos = startEpochNanos;
    }

    @Override
    public long epochNanos() {
        return nowEpochNanos;
    }

    @Override
    public long monotonicNanos() {
        return nowEpochNanos;
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException if {@code epochNanos} is earlier than now
     */
    public void advanceTo(long epochNanos) {
        if (epochNanos < nowEpochNanos) {
            throw new IllegalArgumentException("virtual clock cannot go back from " + nowEpochNanos + " to " + epochNanos);
        }
        nowEpochNanos = epochNanos;
    }
}
