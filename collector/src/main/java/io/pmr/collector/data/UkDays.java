package io.pmr.collector.data;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** UK-local days (Europe/London, as periods are cut) over UTC epoch-millis ranges. Stateless. */
public final class UkDays {
    private UkDays() {
    }

    /** Start of a UK-local day as UTC epoch millis. */
    public static long startEpochMillis(LocalDate day) {
        return day.atStartOfDay(ReportPeriod.LONDON).toInstant().toEpochMilli();
    }

    /** The UK-local day containing an instant. */
    public static LocalDate dayOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ReportPeriod.LONDON).toLocalDate();
    }

    /** Minutes of a UK-local day: 1,440, or 1,380 / 1,500 on a clock-change day. */
    public static int minutes(LocalDate day) {
        return (int) ((startEpochMillis(day.plusDays(1)) - startEpochMillis(day)) / 60_000L);
    }

    /** Every UK-local day starting in {@code [from, to)}, in order (the day containing {@code from} when it starts there). */
    public static List<LocalDate> days(long fromEpochMillis, long toEpochMillis) {
        List<LocalDate> days = new ArrayList<>();
        if (fromEpochMillis >= toEpochMillis) {
            return days;
        }
        LocalDate day = dayOf(fromEpochMillis);
        if (startEpochMillis(day) < fromEpochMillis) {
            day = day.plusDays(1);
        }
        for (; startEpochMillis(day) < toEpochMillis; day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }
}
