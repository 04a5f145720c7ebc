package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A range {@code [from, to)} cut into the whole UK days inside it, read from daily rollups, and the partial days at
 * its edges, read from minute rows: {@code [from, daysFrom)} and {@code [daysTo, to)}. A range inside one day, or
 * with no whole day, is all edge ({@code daysFrom == daysTo}). An interval belongs to the day its start lies in, as
 * rollups are keyed, so the three parts partition the range's intervals exactly.
 */
record UkDaySpan(long fromEpochMillis, long daysFromEpochMillis, long daysToEpochMillis, long toEpochMillis) {

    static UkDaySpan of(long fromEpochMillis, long toEpochMillis) {
        if (fromEpochMillis >= toEpochMillis) {
            return new UkDaySpan(fromEpochMillis, toEpochMillis, toEpochMillis, toEpochMillis);
        }
        long first = firstDayStartAtOrAfter(fromEpochMillis);
        long last = lastDayStartAtOrBefore(toEpochMillis);
        if (first >= last) {
            return new UkDaySpan(fromEpochMillis, toEpochMillis, toEpochMillis, toEpochMillis);
        }
        return new UkDaySpan(fromEpochMillis, first, last, toEpochMillis);
    }

    boolean hasDays() {
        return daysFromEpochMillis < daysToEpochMillis;
    }

    boolean hasHead() {
        return fromEpochMillis < daysFromEpochMillis;
    }

    boolean hasTail() {
        return daysToEpochMillis < toEpochMillis && hasDays();
    }

    private static long firstDayStartAtOrAfter(long epochMillis) {
        LocalDate day = UkCalendar.dayOf(epochMillis);
        try {
            long start = UkCalendar.dayStartEpochMillis(day);
            return start >= epochMillis ? start : UkCalendar.dayStartEpochMillis(day.plusDays(1));
        } catch (ArithmeticException | DateTimeException e) {
            return UkCalendar.dayStartEpochMillis(day.plusDays(1)); // the day's start is before Long.MIN_VALUE
        }
    }

    private static long lastDayStartAtOrBefore(long epochMillis) {
        try {
            return UkCalendar.dayStartEpochMillis(UkCalendar.dayOf(epochMillis));
        } catch (ArithmeticException | DateTimeException e) {
            return Long.MIN_VALUE; // the day's start is before Long.MIN_VALUE: no whole day up to here
        }
    }
}
