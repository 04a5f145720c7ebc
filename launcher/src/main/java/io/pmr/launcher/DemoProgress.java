package io.pmr.launcher;

import io.pmr.model.UkCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The demo's progress lines while the rig runs: one per simulated day of the report month (London days), then one
 * per 10 days of the tail where only the longest TRTs (SMWAN connectivity, 30 and 90 days) are still open.
 *
 * <p>Threading: called on the thread that runs the month.
 */
final class DemoProgress {
    private static final ZoneId LONDON = UkCalendar.LONDON;
    private static final int TAIL_EVERY_DAYS = 10;

    private final YearMonth period;
    private final Consumer<String> out;
    private LocalDate lastShown;

    DemoProgress(YearMonth period, Consumer<String> out) {
        this.period = period;
        this.out = out;
    }

    /** A step ended at {@code nowEpochNanos} with {@code observations} delivered so far. */
    void stepped(long nowEpochNanos, long observations) {
        LocalDate day = Instant.ofEpochSecond(Math.floorDiv(nowEpochNanos, 1_000_000_000L)).atZone(LONDON).toLocalDate();
        LocalDate done = day.minusDays(1); // the step that reaches a day's midnight ends the day before
        if (done.isBefore(period.atDay(1)) || (lastShown != null && !done.isAfter(lastShown))) {
            return;
        }
        if (YearMonth.from(done).equals(period)) {
            out.accept(String.format(Locale.ROOT, "day %2d of %d (%s): %,d observations so far", done.getDayOfMonth(),
                    period.lengthOfMonth(), done, observations));
            lastShown = done;
        } else if (lastShown == null || !done.isBefore(lastShown.plusDays(TAIL_EVERY_DAYS))
                || YearMonth.from(lastShown).equals(period)) {
            out.accept(String.format(Locale.ROOT, "settling the longest TRTs (connectivity, up to 90 days): %s,"
                    + " %,d observations so far", done, observations));
            lastShown = done;
        }
    }
}
