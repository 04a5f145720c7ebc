package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.time.LocalDate;

/**
 * The start of the UK day (Europe/London) an instant lies in, remembering the last day found: consecutive intervals
 * almost always share a day, and a time-zone lookup per interval would cost more than the rest of its rollup work.
 * Not thread-safe: one per writer or scan.
 */
final class DayStarts {
    private long startEpochMillis = 1;
    private long endEpochMillis = 0;

    long of(long epochMillis) {
        if (epochMillis < startEpochMillis || epochMillis >= endEpochMillis) {
            LocalDate day = UkCalendar.dayOf(epochMillis);
            startEpochMillis = UkCalendar.dayStartEpochMillis(day);
            endEpochMillis = UkCalendar.dayStartEpochMillis(day.plusDays(1));
        }
        return startEpochMillis;
    }
}
