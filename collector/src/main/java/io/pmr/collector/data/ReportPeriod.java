package io.pmr.collector.data;

import io.pmr.model.UkCalendar;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * A monthly measurement period cut in UK local time: from the first day 00:00 Europe/London to the first day of the
 * next month 00:00 Europe/London, as UTC epoch millis, start inclusive, end exclusive. An interval belongs to the
 * period containing its start.
 */
public record ReportPeriod(YearMonth month, long startEpochMillis, long endEpochMillis) {
    /** The zone periods are cut in ({@link UkCalendar#LONDON}). */
    public static final ZoneId LONDON = UkCalendar.LONDON;

    public static ReportPeriod of(YearMonth month) {
        long start = UkCalendar.periodStartEpochMillis(month);
        long end = UkCalendar.periodStartEpochMillis(month.plusMonths(1));
        return new ReportPeriod(month, start, end);
    }

    /** True when an interval starting at this instant belongs to the period. */
    public boolean contains(long intervalStartEpochMillis) {
        return intervalStartEpochMillis >= startEpochMillis && intervalStartEpochMillis < endEpochMillis;
    }
}
