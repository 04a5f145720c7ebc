package io.pmr.collector.report;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * The figures of one monthly period: every sourced measure in catalogue order, and the ids of the catalogue
 * measures that had no source at all (left out of the figures).
 */
public record MonthlyReport(YearMonth period, List<MeasureFigure> measures, List<String> unsourced) {
    public MonthlyReport {
        Objects.requireNonNull(period, "period");
        measures = List.copyOf(measures);
        unsourced = List.copyOf(unsourced);
    }
}
