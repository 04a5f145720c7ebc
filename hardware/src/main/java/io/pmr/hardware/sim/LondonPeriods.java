package io.pmr.hardware.sim;

import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Report periods: calendar months in Europe/London (a month may start at 23:00 UTC the day before).
 * Bounds are computed once for a range of months, so attributing an event is a short search over
 * primitives, not a time-zone conversion per event.
 *
 * <p>Threading: immutable.
 */
final class LondonPeriods {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final YearMonth first;
    /** boundsEpochNanos[i] is the start of month first+i; the last entry ends the last month. */
    private final long[] boundsEpochNanos;

    /** Covers the months from {@code first} to {@code last}, both included. */
    LondonPeriods(YearMonth first, YearMonth last) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last must not be before first: " + first + " > " + last);
        }
        this.first = first;
        int months = (int) (first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1);
        boundsEpochNanos = new long[months + 1];
        for (int i = 0; i <= months; i++) {
            boundsEpochNanos[i] = startEpochNanos(first.plusMonths(i));
        }
    }

    /** The first instant of a month in Europe/London, UTC epoch nanoseconds. */
    static long startEpochNanos(YearMonth month) {
        return month.atDay(1).atStartOfDay(LONDON).toEpochSecond() * 1_000_000_000L;
    }

    /** The month containing an instant. */
    YearMonth periodOf(long epochNanos) {
        return first.plusMonths(indexOf(epochNanos));
    }

    /**
     * Index of the month containing an instant, 0 for {@code first}.
     *
     * @throws IllegalArgumentException if the instant is outside the covered months
     */
    int indexOf(long epochNanos) {
        if (epochNanos < boundsEpochNanos[0] || epochNanos >= boundsEpochNanos[boundsEpochNanos.length - 1]) {
            throw new IllegalArgumentException("epochNanos " + epochNanos + " outside the covered months from " + first);
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

    YearMonth first() {
        return first;
    }

    int months() {
        return boundsEpochNanos.length - 1;
    }
}
