package io.pmr.hardware.sim;

import java.time.YearMonth;
import java.util.Objects;

/**
 * What really happened to a measure counted as numerator over denominator in one period, e.g. Category 1
 * firmware payloads (PM2): hubs with a payload delivered successfully within TRT over hubs that were to
 * receive one.
 *
 * @param measureId   catalogue id, e.g. {@code CSPN/PM2}
 * @param period      the month (Europe/London) the counted things are attributed to
 * @param numerator   how many met the measure; at most {@code denominator}
 * @param denominator how many were counted
 */
public record RatioRow(String measureId, YearMonth period, long numerator, long denominator) {
    public RatioRow {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        if (numerator < 0 || numerator > denominator) {
            throw new IllegalArgumentException("numerator " + numerator + " must be in [0, denominator " + denominator
                    + "] for " + measureId + " " + period);
        }
    }
}
