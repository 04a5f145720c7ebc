package io.pmr.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/**
 * The service hours a TRT's condition names ({@code 15s in core hours}, {@code by 06:59 next day in 07:00-18:00}):
 * a daily window of UK local time, half-open {@code [from, to)}, on a range of days of the week (every day when the
 * text names none). Only requests <em>received</em> in the window count towards the measure; the deadline of one that
 * counts is not cut short at the window's end.
 *
 * <p>{@link #CORE} is a <strong>placeholder</strong>: neither the BRIEF nor the published report defines the SEC's
 * Core Service Hours, so pmr takes 08:00-18:00 Monday to Friday and ignores bank holidays; write explicit hours in the
 * catalogue (e.g. {@code 15s in 08:00-18:00 mon-fri}) where your contract says otherwise. Immutable; thread-safe.
 *
 * @param core      true when written {@code core hours} (so the catalogue's text reads back as the user wrote it)
 * @param fromLocal first UK local time inside the window
 * @param toLocal   first UK local time after the window; later than {@code fromLocal} (no window spans midnight)
 * @param firstDay  first day of the week the window applies on
 * @param lastDay   last day of the week the window applies on, at or after {@code firstDay} (no range spans Sunday)
 */
public record ServiceHours(boolean core, LocalTime fromLocal, LocalTime toLocal, DayOfWeek firstDay,
                           DayOfWeek lastDay) {
    /** Core service hours: a placeholder, 08:00-18:00 UK time, Monday to Friday (see the class comment). */
    public static final ServiceHours CORE = new ServiceHours(true, LocalTime.of(8, 0), LocalTime.of(18, 0),
            DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    /** @throws IllegalArgumentException naming what is out of order */
    public ServiceHours {
        Objects.requireNonNull(fromLocal, "fromLocal");
        Objects.requireNonNull(toLocal, "toLocal");
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        if (!toLocal.isAfter(fromLocal)) {
            throw new IllegalArgumentException("hours " + Trt.hhmm(fromLocal) + "-" + Trt.hhmm(toLocal)
                    + " end at or before they start: a window is within one day (e.g. 07:00-18:00)");
        }
        if (lastDay.compareTo(firstDay) < 0) {
            throw new IllegalArgumentException("days " + day(firstDay) + "-" + day(lastDay)
                    + " run backwards: write them Monday first (e.g. mon-fri)");
        }
    }

    /** Hours on every day of the week. */
    public static ServiceHours daily(LocalTime fromLocal, LocalTime toLocal) {
        return new ServiceHours(false, fromLocal, toLocal, DayOfWeek.MONDAY, DayOfWeek.SUNDAY);
    }

    /**
     * Whether an instant is inside the hours: its UK local day of the week is in the range and its UK local time is
     * at or after {@code from} and strictly before {@code to} (a request at 18:00:00.000 is outside 07:00-18:00). In
     * the hour the clocks go back, both readings of a local time get the same answer.
     */
    public boolean contains(long epochNanos) {
        ZonedDateTime local = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)).atZone(UkCalendar.LONDON);
        DayOfWeek day = local.getDayOfWeek();
        LocalTime time = local.toLocalTime();
        return day.compareTo(firstDay) >= 0 && day.compareTo(lastDay) <= 0
                && !time.isBefore(fromLocal) && time.isBefore(toLocal);
    }

    /** The text {@link Trt#parseRule} reads back: {@code core hours}, {@code 07:00-18:00}, {@code 08:00-18:00 mon-fri}. */
    public String text() {
        if (core) {
            return "core hours";
        }
        String window = Trt.hhmm(fromLocal) + "-" + Trt.hhmm(toLocal);
        return firstDay == DayOfWeek.MONDAY && lastDay == DayOfWeek.SUNDAY
                ? window : window + " " + day(firstDay) + "-" + day(lastDay);
    }

    static String day(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
