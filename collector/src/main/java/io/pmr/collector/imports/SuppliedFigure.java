package io.pmr.collector.imports;

import java.util.Objects;

/**
 * A figure supplied from outside by a ratios import ({@code measure,period,numerator,denominator}): a {@code ratio}
 * measure's numerator and denominator, a {@code count} measure's count (denominator left blank), or the counts of a
 * counted measure no agent measures (numerator within TRT, denominator events).
 *
 * @param period      {@code yyyy-MM} for monthly measures, {@code yyyy-Qn} for quarterly ones
 * @param denominator null for a count
 */
public record SuppliedFigure(String measureId, String period, long numerator, Long denominator, ImportSource source) {
    public SuppliedFigure {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(source, "source");
        if (numerator < 0 || (denominator != null && denominator < 0)) {
            throw new IllegalArgumentException("negative numerator or denominator");
        }
        if (denominator != null && numerator > denominator) {
            throw new IllegalArgumentException("numerator " + numerator + " exceeds denominator " + denominator);
        }
    }
}
