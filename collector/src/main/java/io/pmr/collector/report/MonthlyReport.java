package io.pmr.collector.report;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * The figures of one monthly report: every catalogue measure in catalogue order (quarterly measures cover the
 * quarter containing the month), and what is still missing for finality.
 *
 * @param computedAtEpochMillis the evaluation time finality was judged at; 0 when unknown (legacy entry point)
 * @param catalogueSource       where the catalogue came from (file or classpath resource)
 * @param missing               per (agent, measure) the range not yet reported, sorted by measure then agent
 */
public record MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
        List<MeasureFigure> measures, List<MissingRange> missing) {
    public MonthlyReport {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(catalogueSource, "catalogueSource");
        measures = List.copyOf(measures);
        missing = List.copyOf(missing);
    }

    /** Ids of the measures with no source in the period (shown as {@code no_events}, source {@code none}). */
    public List<String> unsourced() {
        return measures.stream().filter(f -> f.source() == FigureSource.NONE).map(MeasureFigure::id).toList();
    }
}
