package io.pmr.model;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * pmr's rule for the SMWAN connectivity level ({@code CSPN/PM1.4}, {@code CSPC/PM1.3}, {@code CSPS/PM1.3}), which
 * the BRIEF and the published report leave undefined (docs/methodology.md, "SMWAN connectivity level (our rule)"): the
 * level counts <em>hub-days</em>. For each UK day of the month the check instant is 12:00 UK local time; a hub is in
 * scope on a day when it was installed before that day's check instant and no hub-level exclusion overlaps the day; a
 * hub in scope is connected when it answered that day's check successfully within the check timeout.
 *
 * <p>One place for what the rig's ground truth and the agents' checks must agree on. Stateless; thread-safe. Times are
 * UTC epoch milliseconds; windows are half-open {@code [start, end)}.
 */
public final class SmwanLevelRule {
    /** The UK local time of each day's connectivity check: noon exists exactly once on every UK day. */
    public static final LocalTime CHECK_TIME = LocalTime.NOON;

    private SmwanLevelRule() {
    }

    /** The check instant of a UK day: 12:00 Europe/London (11:00 UTC in British Summer Time), UTC epoch millis. */
    public static long checkEpochMillis(LocalDate ukDay) {
        return ukDay.atTime(CHECK_TIME).atZone(UkCalendar.LONDON).toInstant().toEpochMilli();
    }

    /** The check instants of every UK day of a report period, in order (28 to 31). */
    public static List<Long> checksOf(YearMonth period) {
        List<Long> checks = new ArrayList<>(period.lengthOfMonth());
        for (int day = 1; day <= period.lengthOfMonth(); day++) {
            checks.add(checkEpochMillis(period.atDay(day)));
        }
        return checks;
    }

    /**
     * Whether a hub installed at {@code installEpochMillis} counts on {@code ukDay} before exclusions: installed
     * strictly before the day's check instant (a hub installed at 13:00 first counts the next day).
     */
    public static boolean installedFor(long installEpochMillis, LocalDate ukDay) {
        return installEpochMillis < checkEpochMillis(ukDay);
    }

    /**
     * Whether a hub-level exclusion {@code [fromEpochMillis, toEpochMillis)} removes the hub on {@code ukDay}: it
     * overlaps any part of the UK day (23, 24 or 25 hours), even after the check; an exclusion ending exactly at the
     * day's first instant does not.
     *
     * @throws IllegalArgumentException if the window does not end after it starts
     */
    public static boolean excludedOn(LocalDate ukDay, long fromEpochMillis, long toEpochMillis) {
        if (toEpochMillis <= fromEpochMillis) {
            throw new IllegalArgumentException("exclusion window end " + toEpochMillis + " is not after its start "
                    + fromEpochMillis);
        }
        long dayStart = UkCalendar.dayStartEpochMillis(ukDay);
        long dayEnd = UkCalendar.dayStartEpochMillis(ukDay.plusDays(1));
        return fromEpochMillis < dayEnd && toEpochMillis > dayStart;
    }

    /**
     * Whether a hub is in scope on a UK day: {@link #installedFor installed} before the day's check and no exclusion
     * window (pairs {@code {from, to}}, epoch millis) {@link #excludedOn overlapping} the day.
     */
    public static boolean inScope(long installEpochMillis, LocalDate ukDay, List<long[]> exclusionWindows) {
        if (!installedFor(installEpochMillis, ukDay)) {
            return false;
        }
        for (long[] window : exclusionWindows) {
            if (excludedOn(ukDay, window[0], window[1])) {
                return false;
            }
        }
        return true;
    }

    /** The UK day a check belongs to: the UK day of its instant. */
    public static LocalDate dayOf(long checkEpochMillis) {
        return UkCalendar.dayOf(checkEpochMillis);
    }
}
