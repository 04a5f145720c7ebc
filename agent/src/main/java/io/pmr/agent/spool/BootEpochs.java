package io.pmr.agent.spool;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws boot epochs that are unique without any local state, so an agent reinstalled under a known id (a new
 * gateway image, a wiped disk, a lost {@code agent.state}) or a cloned disk image never reuses an envelope key
 * (agent id, boot epoch, sequence) that the collector already holds.
 *
 * <p>Layout of the 64 bits (the value is always positive as a signed Java long, so the collector's SQL, which
 * stores it as a signed INTEGER, orders it like the unsigned wire value):
 * <pre>
 *   bit 63       0
 *   bits 62..30  wall-clock UTC seconds since 1970 (33 bits: good until the year 2242)
 *   bits 29..0   30 bits from a cryptographically strong random source
 * </pre>
 * Two starts under one agent id collide only if they fall in the same wall-clock second (or their clocks show the same
 * second, e.g. two gateways whose clocks were reset to 1970) AND draw the same 30 random bits: a chance of
 * 2<sup>-30</sup> (about one in a billion) per such pair, and none at all for starts in different seconds.
 *
 * <p>Ordering: when the agent's state holds the previous epoch, the new one is also made strictly greater than it
 * ({@link #next}), so the epochs of one data dir always increase, even when the wall clock was stepped back; the
 * collector does not rely on this (its key needs uniqueness only), but people reading logs do.
 *
 * <p>Threading: {@link #next} is not synchronized; the random source decides (SecureRandom is thread-safe).
 */
public final class BootEpochs {
    static final int RANDOM_BITS = 30;
    static final long MAX_SECONDS = (1L << (63 - RANDOM_BITS)) - 1;

    private final Clock wallClock;
    private final RandomGenerator random;

    /**
     * @param wallClock the UTC wall clock (real time, never a simulated rig's clock)
     * @param random    a strong random source in production ({@link SecureRandom}); seeded in tests
     */
    public BootEpochs(Clock wallClock, RandomGenerator random) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The system UTC clock and a {@link SecureRandom}: what a real agent uses. */
    public static BootEpochs system() {
        return new BootEpochs(Clock.systemUTC(), new SecureRandom());
    }

    /**
     * A fresh boot epoch: the layout above, and strictly greater than {@code previous} when there was one.
     *
     * @param previous the last boot epoch of this data dir, or 0 when there is none (a non-negative long below
     *                 {@link Long#MAX_VALUE}; the caller checks)
     */
    public long next(long previous) {
        long seconds = Math.floorDiv(wallClock.millis(), 1000L);
        // A clock before 1970 or past 2242 is wrong; clamp rather than break the layout (the random bits still differ).
        seconds = Math.max(0, Math.min(seconds, MAX_SECONDS));
        long drawn = (seconds << RANDOM_BITS) | (random.nextLong() & ((1L << RANDOM_BITS) - 1));
        if (drawn == 0) {
            drawn = 1; // 0 means "no epoch" on the wire (proto3 default)
        }
        return drawn > previous ? drawn : previous + 1;
    }

    /** The wall-clock second encoded in an epoch of this layout (for logs and tests). */
    public static long secondsOf(long bootEpoch) {
        return bootEpoch >>> RANDOM_BITS;
    }
}
