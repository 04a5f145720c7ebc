package io.pmr.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * UK report periods and days: a period is a calendar month in Europe/London, a day a UK-local day, both over UTC
 * instants. A month or day may start at 23:00 UTC the day before (British Summer Time); the day the clocks go
 * forward (last Sunday of March) lasts 23 hours, the day they go back (last Sunday of October) 25.
 *
 * <p>One place for what the rig's ground truth and the collector's figures must agree on. Static methods are
 * stateless; a {@link Months} table is immutable. Thread-safe.
 */
public final class UkCalendar {
    /** The zone periods and days are cut in. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    private UkCalendar() {
    }

    /** The first instant of a UK-local day, UTC epoch millis. */
    public static long dayStartEpochMillis(LocalDate day) {
        return day.atStartOfDay(LONDON).toInstant().toEpochMilli();
    }

    /** The UK-local day containing an instant given in UTC epoch millis. */
    public static LocalDate dayOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(LONDON).toLocalDate();
    }

    /** Minutes of a UK-local day: 1,440, or 1,380 / 1,500 on the days the clocks go forward / back. */
    public static int minutesOf(LocalDate day) {
        return (int) ((dayStartEpochMillis(day.plusDays(1)) - dayStartEpochMillis(day)) / 60_000L);
    }

    /**
     * Every UK-local day that starts in {@code [fromEpochMillis, toEpochMillis)}, in order (so the day containing
     * {@code from} only when it starts exactly there); empty when {@code from >= to}.
     */
    public static List<LocalDate> daysStartingIn(long fromEpochMillis, long toEpochMillis) {
        List<LocalDate> days = new ArrayList<>();
        if (fromEpochMillis >= toEpochMillis) {
            return days;
        }
        LocalDate day = dayOf(fromEpochMillis);
        if (dayStartEpochMillis(day) < fromEpochMillis) {
            day = day.plusDays(1);
        }
        for (; dayStartEpochMillis(day) < toEpochMillis; day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    /** The first instant of a report period (month in Europe/London), UTC epoch millis. */
    public static long periodStartEpochMillis(YearMonth period) {
        return dayStartEpochMillis(period.atDay(1));
    }

    /** The first instant of a report period (month in Europe/London), UTC epoch nanoseconds. */
    public static long periodStartEpochNanos(YearMonth period) {
        return periodStartEpochMillis(period) * 1_000_000L;
    }

    /** The report period (month in Europe/London) containing an instant given in UTC epoch millis. */
    public static YearMonth periodOf(long epochMillis) {
        return YearMonth.from(dayOf(epochMillis));
    }

    /**
     * The report periods from {@code first} to {@code last} (both included), their bounds computed once, so
     * attributing an event is a binary search over primitives rather than a time-zone conversion per event.
     */
    public static Months months(YearMonth first, YearMonth last) {
        return new Months(first, last);
    }

    /** A range of report periods with precomputed bounds. Immutable; thread-safe. */
    public static final class Months {
        private final YearMonth first;
        /** boundsEpochNanos[i] is the start of month first+i; the last entry ends the last month. */
        private final long[] boundsEpochNanos;

        private Months(YearMonth first, YearMonth last) {
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("last must not be before first: " + first + " > " + last);
            }
            this.first = first;
            int months = (int) (first.until(last, ChronoUnit.MONTHS) + 1);
            boundsEpochNanos = new long[months + 1];
            for (int i = 0; i <= months; i++) {
                boundsEpochNanos[i] = periodStartEpochNanos(first.plusMonths(i));
            }
        }

        /**
         * The month containing an instant.
         *
         * @throws IllegalArgumentException if the instant is outside the covered months
         */
        public YearMonth periodOf(long epochNanos) {
            return first.plusMonths(indexOf(epochNanos));
        }

        /**
         * Index of the month containing an instant, 0 for {@link #first()}.
         *
         * @throws IllegalArgumentException if the instant is outside the covered months
         */
        public int indexOf(long epochNanos) {
            if (epochNanos < boundsEpochNanos[0] || epochNanos >= boundsEpochNanos[boundsEpochNanos.length - 1]) {
                throw new IllegalArgumentException("epochNanos " + epochNanos + " outside the covered months from "
                        + first + " to " + first.plusMonths(months() - 1L));
            }
            int low = 0;
            int high = boundsEpochNanos.length - 2;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (boundsEpochNanos[mid] <= epochNanos) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        }

        /** The first covered month. */
        public YearMonth first() {
            return first;
        }

        /** How many months are covered. */
        public int months() {
            return boundsEpochNanos.length - 1;
        }
    }
}
