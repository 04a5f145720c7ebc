package io.pmr.hardware;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A {@link TimeSource} for live sources (a trace-log tap) that a step of the wall clock does not move: it reads the
 * wall clock once, when it is created, and from then on advances that anchor by the monotonic clock's elapsed
 * nanoseconds.
 *
 * <p>Why: for a live source "now" decides when a pending event's deadline has passed and when an interval is final.
 * Read from the system wall clock, a step of an hour forward (an operator, a bad NTP server, a VM restored from a
 * snapshot) would time out every event still waiting for its end, counting outside TRT events whose end comes
 * seconds later within it; a step back would hold every interval back for an hour. Events keep the timestamps the
 * source gives them (the log's own); only "now" comes from here.
 *
 * <p>What it guarantees:
 * <ul>
 * <li>Steps of the wall clock after creation are ignored: {@link #epochNanos()} minus the anchor always equals the
 *     monotonic nanoseconds elapsed since creation, so it never goes back and never jumps.</li>
 * <li>NTP slew is followed as the monotonic clock follows it: on Linux {@link System#nanoTime()} is
 *     {@code CLOCK_MONOTONIC}, whose rate the kernel disciplines together with {@code CLOCK_REALTIME} (adjtimex
 *     frequency and slew), while steps move only {@code CLOCK_REALTIME}.</li>
 * <li>Long-run drift against true UTC is bounded by the monotonic clock's rate error (a few ppm with NTP
 *     disciplining the machine; up to about 100 ppm, some 8 s a day, on a free-running crystal without it), plus
 *     the wall clock's error at the anchor. A step that corrects a wrong wall clock is not taken up until the next
 *     start: {@link #wallOffsetNanos()} tells how far the two have drifted or stepped apart, for a log line.</li>
 * </ul>
 *
 * <p>Threading: immutable apart from what the clocks given read; safe from any thread if they are.
 */
public final class SteadyTimeSource implements TimeSource {
    private final Clock wallClock;
    private final LongSupplier monotonicNanos;
    private final long anchorEpochNanos;
    private final long anchorMonotonicNanos;

    private SteadyTimeSource(Clock wallClock, LongSupplier monotonicNanos) {
        this.wallClock = wallClock;
        this.monotonicNanos = monotonicNanos;
        // Monotonic first, then wall: the pair is taken as close together as two reads allow.
        this.anchorMonotonicNanos = monotonicNanos.getAsLong();
        this.anchorEpochNanos = epochNanosOf(wallClock.instant());
    }

    /**
     * Anchors to {@code wallClock} now; afterwards only {@code monotonicNanos} advances the time.
     *
     * @param wallClock      read once now (and by {@link #wallOffsetNanos()}); UTC or any zone (only its instant is used)
     * @param monotonicNanos nanoseconds with an arbitrary origin that never step, e.g. {@code System::nanoTime}
     * @throws IllegalArgumentException if an argument is null
     */
    public static SteadyTimeSource anchoredNow(Clock wallClock, LongSupplier monotonicNanos) {
        if (wallClock == null) {
            throw new IllegalArgumentException("wallClock must not be null");
        }
        if (monotonicNanos == null) {
            throw new IllegalArgumentException("monotonicNanos must not be null");
        }
        return new SteadyTimeSource(wallClock, monotonicNanos);
    }

    /** The wall clock's UTC epoch nanoseconds at creation. */
    public long anchorEpochNanos() {
        return anchorEpochNanos;
    }

    /** The anchor advanced by the monotonic nanoseconds elapsed since creation. */
    @Override
    public long epochNanos() {
        return anchorEpochNanos + (monotonicNanos.getAsLong() - anchorMonotonicNanos);
    }

    @Override
    public long monotonicNanos() {
        return monotonicNanos.getAsLong();
    }

    /**
     * The wall clock now minus {@link #epochNanos()}: near zero while nobody stepped the wall clock; an hour's
     * nanoseconds after a step of an hour forward. Reads the wall clock; for diagnostics, not for timing.
     */
    public long wallOffsetNanos() {
        long steady = epochNanos();
        return epochNanosOf(wallClock.instant()) - steady;
    }

    private static long epochNanosOf(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    @Override
    public String toString() {
        return "SteadyTimeSource[anchor " + Instant.ofEpochSecond(0, anchorEpochNanos) + "]";
    }
}
