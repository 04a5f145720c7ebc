package io.pmr.model;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * A TRT as the catalogue's {@code trt} column may write it ({@link Trt#parseRule}): a fixed duration ({@code 25s}) or
 * a wall-clock deadline in UK time ({@code by 06:59 next day}), either optionally restricted to requests received in
 * {@link ServiceHours} ({@code 15s in core hours}, {@code by 06:59 next day in 07:00-18:00}).
 *
 * <p>Verdict rules (docs/methodology.md, "Deadlines that are not a fixed duration"):
 * <ul>
 *   <li>a request <em>counts</em> iff it has no hours condition or its start is inside the hours ({@link #counts});
 *       one that does not count is neither within nor outside TRT: it is left out of the measure;</li>
 *   <li>its deadline is {@code start + duration}, or the given UK local time on the UK local day after the start's
 *       ({@link #deadlineEpochNanos}); on the days the clocks change the deadline is the local time as the clock on
 *       the wall shows it (06:59 BST or 06:59 GMT), so the time allowed is one hour shorter or longer;</li>
 *   <li>it is within TRT iff successful and its end is at or before the deadline (exactly at it is within), as
 *       {@link Trt#within}.</li>
 * </ul>
 * Immutable; thread-safe.
 *
 * @param duration    the fixed TRT, or null for a wall-clock deadline
 * @param byLocalTime the UK local time on the day after the start by which a response is due, or null for a fixed TRT
 * @param hours       the service hours a request must be received in to count, or null when every request counts
 */
public record TrtRule(Duration duration, LocalTime byLocalTime, ServiceHours hours) {

    /** @throws IllegalArgumentException unless exactly one of duration and byLocalTime is set, and a duration is positive */
    public TrtRule {
        if ((duration == null) == (byLocalTime == null)) {
            throw new IllegalArgumentException("a TRT is either a duration or a wall-clock deadline, not "
                    + (duration == null ? "neither" : "both"));
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("a TRT duration must be positive, was " + duration);
        }
    }

    /** A fixed TRT that every request counts under, as {@link Trt#parse} reads it. */
    public static TrtRule of(Duration duration) {
        return new TrtRule(Objects.requireNonNull(duration, "duration"), null, null);
    }

    /** True for a plain duration without an hours condition: the TRT agents and rig have always applied. */
    public boolean isFixed() {
        return duration != null && hours == null;
    }

    /** Whether a request started at this instant counts towards the measure (it is inside the hours, if any). */
    public boolean counts(long startEpochNanos) {
        return hours == null || hours.contains(startEpochNanos);
    }

    /**
     * The deadline of a request started at this instant, UTC epoch nanos: {@code start + duration} (saturating, as
     * {@link Trt#deadlineEpochNanos}) or {@link #byLocalTime} on the UK local day after the start's. A local time the
     * clocks skip (spring forward) is the instant they jump; one they repeat (fall back) is its first occurrence.
     */
    public long deadlineEpochNanos(long startEpochNanos) {
        if (duration != null) {
            return Trt.deadlineEpochNanos(startEpochNanos, duration.toNanos());
        }
        LocalDate day = UkCalendar.dayOf(Math.floorDiv(startEpochNanos, 1_000_000L)).plusDays(1);
        LocalDateTime local = day.atTime(byLocalTime);
        ZoneOffsetTransition gap = UkCalendar.LONDON.getRules().getTransition(local);
        long epochSecond = gap != null && gap.isGap()
                ? gap.getInstant().getEpochSecond()
                : ZonedDateTime.ofLocal(local, UkCalendar.LONDON, null).toEpochSecond();
        return epochSecond * 1_000_000_000L;
    }

    /**
     * The time a request started at this instant is allowed, nanoseconds: {@code deadline - start} (never negative),
     * so {@link Trt#within}{@code (success, latency, trtNanos(start))} is this rule's verdict.
     */
    public long trtNanos(long startEpochNanos) {
        return Math.max(0, deadlineEpochNanos(startEpochNanos) - startEpochNanos);
    }

    /** The verdict of a request that counts: successful and ended at or before its deadline. */
    public boolean within(boolean success, long startEpochNanos, long endEpochNanos) {
        return success && !Trt.isPast(deadlineEpochNanos(startEpochNanos), endEpochNanos);
    }

    /** The canonical text {@link Trt#parseRule} reads back to an equal rule. */
    public String text() {
        String deadline = duration != null ? Trt.format(duration) : "by " + Trt.hhmm(byLocalTime) + " next day";
        return hours == null ? deadline : deadline + " in " + hours.text();
    }

    @Override
    public String toString() {
        return text();
    }
}
