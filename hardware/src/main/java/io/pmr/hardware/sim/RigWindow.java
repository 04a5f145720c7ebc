package io.pmr.hardware.sim;

import io.pmr.model.UkCalendar;
import java.time.YearMonth;

/**
 * The instants that frame a simulation, UTC epoch nanoseconds: the simulation starts one day before the
 * period; starts are generated until one hour after the period's end (so the next month has a few).
 *
 * @param simulationStartEpochNanos  the clock's initial reading and the earliest start
 * @param periodStartEpochNanos      first instant of the period in Europe/London
 * @param periodEndEpochNanos        first instant after the period in Europe/London
 * @param generationEndEpochNanos    starts are strictly before this instant (the month-edge start at the
 *                                   period end is before it too)
 */
record RigWindow(long simulationStartEpochNanos, long periodStartEpochNanos, long periodEndEpochNanos,
                 long generationEndEpochNanos) {
    private static final long ONE_DAY_NANOS = 24L * 3600 * 1_000_000_000L;
    private static final long ONE_HOUR_NANOS = 3600L * 1_000_000_000L;

    static RigWindow of(YearMonth period) {
        long periodStart = UkCalendar.periodStartEpochNanos(period);
        long periodEnd = UkCalendar.periodStartEpochNanos(period.plusMonths(1));
        return new RigWindow(periodStart - ONE_DAY_NANOS, periodStart, periodEnd, periodEnd + ONE_HOUR_NANOS);
    }
}
