package io.pmr.collector.data;

import java.time.YearMonth;
import java.time.ZoneId;

/**
 * A monthly measurement period cut in UK local time: from the first day 00:00 Europe/London to the first day of the
 * next month 00:00 Europe/London, as UTC epoch millis, start inclusive, end exclusive. An interval belongs to the
 * period containing its start.
 */
public record ReportPeriod(YearMonth month, long startEpochMillis, long endEpochMillis) {
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    public static ReportPeriod of(YearMonth month) {
        long start = month.atDay(1).atStartOfDay(LONDON).toInstant().toEpochMilli();
        long end = month.plusMonths(1).atDay(1).atStartOfDay(LONDON).toInstant().toEpochMilli();
        return new ReportPeriod(month, start, end);
    }

    /** True when an interval starting at this instant belongs to the period. */
    public boolean contains(long intervalStartEpochMillis) {
        return intervalStartEpochMillis >= startEpochMillis && intervalStartEpochMillis < endEpochMillis;
    }
}
