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
 * @param publication           the version, credits and catalogue fingerprint of a published report; null for a
 *                              figures-only computation
 */
public record MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
        List<MeasureFigure> measures, List<MissingRange> missing, Publication publication) {

    /** A figures-only report (no version, no credits). */
    public MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
            List<MeasureFigure> measures, List<MissingRange> missing) {
        this(period, computedAtEpochMillis, catalogueSource, measures, missing, null);
    }

    public MonthlyReport {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(catalogueSource, "catalogueSource");
        measures = List.copyOf(measures);
        missing = List.copyOf(missing);
    }

    /** This report with its publication block. */
    public MonthlyReport withPublication(Publication newPublication) {
        return new MonthlyReport(period, computedAtEpochMillis, catalogueSource, measures, missing, newPublication);
    }

    /**
     * The figures alone: no publication block and no evaluation time, so two computations over the same data and
     * catalogue give byte-identical JSON (what restatement compares).
     */
    public MonthlyReport figuresOnly() {
        return new MonthlyReport(period, 0, catalogueSource, measures, missing, null);
    }

    /** Ids of the measures with no source in the period (status {@code not_reported}, source {@code none}). */
    public List<String> unsourced() {
        return measures.stream().filter(f -> f.source() == FigureSource.NONE).map(MeasureFigure::id).toList();
    }
}
