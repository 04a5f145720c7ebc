package io.pmr.agent.correlate;

import io.pmr.model.ServiceHours;
import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import io.pmr.model.UkCalendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * A {@link TrtRule}'s answers for the starts of one UK local day, worked out with {@code java.time} once per day and
 * then given from numbers: {@link #counts} and {@link #deadlineEpochNanos} equal {@link TrtRule#counts} and
 * {@link TrtRule#deadlineEpochNanos} for every instant ({@code RuleDayTest} compares them, clock changes included) and
 * allocate nothing while the starts stay in the day (the rule's own answers build a {@code ZonedDateTime} each).
 *
 * <p>What a day keeps: its bounds as instants (local midnights), the instant its clocks change if they do and the UK
 * offset before and after, whether its day of the week is in the hours, the hours as nanoseconds of the local day,
 * and the wall-clock deadline every start of the day shares ({@code by 06:59 next day} depends only on the start's
 * UK day). An instant's local time of day is then {@code instant + offset - localMidnight}: on the day the clocks go
 * back both readings of the repeated hour get their own answer, as {@link ServiceHours#contains} gives them.
 *
 * <p>Threading: single-threaded (one per measured kind with a rule, on the record path's thread).
 */
final class RuleDay {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;
    /** Further from the ends of the {@code long} range than any UK offset: the arithmetic cannot overflow. */
    private static final long MARGIN_NANOS = 2L * 86_400L * NANOS_PER_SECOND;

    private TrtRule rule;
    /** The cached day, [start, end) as instants; empty until the first {@link #load}. */
    private long dayStartEpochNanos = 1;
    private long dayEndEpochNanos = 0;
    private long clockChangeEpochNanos = Long.MAX_VALUE;
    private long offsetBeforeNanos;
    private long offsetAfterNanos;
    /** The day's local midnight on the local time line (local date-time as nanoseconds from 1970-01-01T00:00). */
    private long localMidnightNanos;
    private boolean dayInHours;
    private long fromNanosOfDay;
    private long toNanosOfDay;
    private long wallClockDeadlineEpochNanos;

    /** {@link TrtRule#counts} of the rule, for a start at this instant. */
    boolean counts(TrtRule rule, long startEpochNanos) {
        ServiceHours hours = rule.hours();
        if (hours == null) {
            return true;
        }
        if (!inRange(startEpochNanos)) {
            return rule.counts(startEpochNanos);
        }
        load(rule, startEpochNanos);
        if (!dayInHours) {
            return false;
        }
        long offset = startEpochNanos < clockChangeEpochNanos ? offsetBeforeNanos : offsetAfterNanos;
        long nanosOfDay = startEpochNanos + offset - localMidnightNanos;
        return nanosOfDay >= fromNanosOfDay && nanosOfDay < toNanosOfDay;
    }

    /** {@link TrtRule#deadlineEpochNanos} of the rule, for a start at this instant. */
    long deadlineEpochNanos(TrtRule rule, long startEpochNanos) {
        if (rule.duration() != null) {
            return Trt.deadlineEpochNanos(startEpochNanos, rule.duration().toNanos());
        }
        if (!inRange(startEpochNanos)) {
            return rule.deadlineEpochNanos(startEpochNanos);
        }
        load(rule, startEpochNanos);
        return wallClockDeadlineEpochNanos;
    }

    private static boolean inRange(long epochNanos) {
        return epochNanos > Long.MIN_VALUE + MARGIN_NANOS && epochNanos < Long.MAX_VALUE - MARGIN_NANOS;
    }

    /** Makes the cached day the one of this instant, for this rule (once per UK day: allocates). */
    private void load(TrtRule rule, long epochNanos) {
        if (rule == this.rule && epochNanos >= dayStartEpochNanos && epochNanos < dayEndEpochNanos) {
            return;
        }
        ZoneRules zone = UkCalendar.LONDON.getRules();
        LocalDate day = Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                Math.floorMod(epochNanos, NANOS_PER_SECOND)).atZone(UkCalendar.LONDON).toLocalDate();
        Instant dayStart = day.atStartOfDay(UkCalendar.LONDON).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(UkCalendar.LONDON).toInstant();
        offsetBeforeNanos = zone.getOffset(dayStart).getTotalSeconds() * NANOS_PER_SECOND;
        ZoneOffsetTransition change = zone.nextTransition(dayStart);
        if (change != null && change.getInstant().isBefore(dayEnd)) {
            clockChangeEpochNanos = change.getInstant().getEpochSecond() * NANOS_PER_SECOND;
            offsetAfterNanos = change.getOffsetAfter().getTotalSeconds() * NANOS_PER_SECOND;
        } else {
            clockChangeEpochNanos = Long.MAX_VALUE;
            offsetAfterNanos = offsetBeforeNanos;
        }
        localMidnightNanos = day.toEpochDay() * NANOS_PER_DAY;
        ServiceHours hours = rule.hours();
        if (hours != null) {
            DayOfWeek weekday = day.getDayOfWeek();
            dayInHours = weekday.compareTo(hours.firstDay()) >= 0 && weekday.compareTo(hours.lastDay()) <= 0;
            fromNanosOfDay = hours.fromLocal().toNanoOfDay();
            toNanosOfDay = hours.toLocal().toNanoOfDay();
        }
        long dayStartNanos = dayStart.getEpochSecond() * NANOS_PER_SECOND;
        wallClockDeadlineEpochNanos = rule.byLocalTime() != null ? rule.deadlineEpochNanos(dayStartNanos) : 0;
        dayStartEpochNanos = dayStartNanos;
        dayEndEpochNanos = dayEnd.getEpochSecond() * NANOS_PER_SECOND;
        this.rule = rule;
    }
}
