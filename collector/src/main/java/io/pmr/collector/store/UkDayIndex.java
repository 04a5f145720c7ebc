package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A run of UK days (Europe/London) by their start instants, in epoch milliseconds, and which of them an instant lies
 * in: how the range reads put a minute row's sums into its day. Stateless.
 */
final class UkDayIndex {
    private UkDayIndex() {
    }

    /** Each day's start (its UK midnight), in the order of {@code days}. */
    static long[] starts(List<LocalDate> days) {
        long[] starts = new long[days.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = UkCalendar.dayStartEpochMillis(days.get(i));
        }
        return starts;
    }

    /** Index of the day containing the instant, or -1 before the first day; {@code starts} ascending. */
    static int of(long[] starts, long epochMillis) {
        int found = Arrays.binarySearch(starts, epochMillis);
        return found >= 0 ? found : -found - 2;
    }
}
