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
 * @param integrity             conflicts and identity clashes the store saw (counted in no figure)
 */
public record MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
        List<MeasureFigure> measures, List<MissingRange> missing, Publication publication, IntegrityNotes integrity) {

    /** A figures-only report (no version, no credits, no integrity notes). */
    public MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
            List<MeasureFigure> measures, List<MissingRange> missing) {
        this(period, computedAtEpochMillis, catalogueSource, measures, missing, null, IntegrityNotes.NONE);
    }

    /** A report without integrity notes. */
    public MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
            List<MeasureFigure> measures, List<MissingRange> missing, Publication publication) {
        this(period, computedAtEpochMillis, catalogueSource, measures, missing, publication, IntegrityNotes.NONE);
    }

    public MonthlyReport {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(catalogueSource, "catalogueSource");
        measures = List.copyOf(measures);
        missing = List.copyOf(missing);
        integrity = integrity == null ? IntegrityNotes.NONE : integrity;
    }

    /** This report with its publication block. */
    public MonthlyReport withPublication(Publication newPublication) {
        return new MonthlyReport(period, computedAtEpochMillis, catalogueSource, measures, missing, newPublication,
                integrity);
    }

    /** This report with these integrity notes. */
    public MonthlyReport withIntegrity(IntegrityNotes notes) {
        return new MonthlyReport(period, computedAtEpochMillis, catalogueSource, measures, missing, publication, notes);
    }

    /**
     * The figures alone: no publication block, no evaluation time and no integrity notes (they count in no figure), so
     * two computations over the same data and catalogue give byte-identical JSON (what restatement compares).
     */
    public MonthlyReport figuresOnly() {
        return new MonthlyReport(period, 0, catalogueSource, measures, missing, null, IntegrityNotes.NONE);
    }

    /** Ids of the measures with no source in the period (shown as {@code no_events}, source {@code none}). */
    public List<String> unsourced() {
        return measures.stream().filter(f -> f.source() == FigureSource.NONE).map(MeasureFigure::id).toList();
    }
}
