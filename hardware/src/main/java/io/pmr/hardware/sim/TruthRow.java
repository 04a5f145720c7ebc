package io.pmr.hardware.sim;

import java.time.YearMonth;
import java.util.Objects;

/**
 * What really happened to one measure's events started in one period. The four outcomes partition the
 * events: {@code events == withinTrt + lost + failed + lateEnds}.
 *
 * @param measureId catalogue id, {@code kind.measureId(region)}, e.g. {@code CSPN/PM4.3}
 * @param period    the month (Europe/London) in which the events started
 * @param events    events started in the period
 * @param withinTrt events with a successful end at most the TRT after the start (exactly at the TRT is
 *                  within)
 * @param lost      events that never end (final as timed out at start + TRT)
 * @param failed    events whose end reports a failure at most the TRT after the start
 * @param lateEnds  events whose end (successful or not) comes more than the TRT after the start: final
 *                  as timed out, the end changes nothing
 */
public record TruthRow(String measureId, YearMonth period, long events, long withinTrt,
                       long lost, long failed, long lateEnds) {
    public TruthRow {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        if (events != withinTrt + lost + failed + lateEnds) {
            throw new IllegalArgumentException("events " + events + " must equal withinTrt + lost + failed + lateEnds = "
                    + (withinTrt + lost + failed + lateEnds) + " for " + measureId + " " + period);
        }
    }
}
