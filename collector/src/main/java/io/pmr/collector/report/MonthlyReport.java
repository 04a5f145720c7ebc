package io.pmr.collector.report;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures of one monthly report: every catalogue measure in catalogue order (quarterly measures cover the
 * quarter containing the month), and what is still missing for finality.
 *
 * @param computedAtEpochMillis the evaluation time finality was judged at; 0 when unknown (legacy entry point)
 * @param catalogueSource       where the catalogue came from (file or classpath resource)
 * @param missing               per (agent, measure) the range not yet reported, sorted by measure then agent
 * @param publication           the version, credits and catalogue fingerprint of a published report; null for a
 *                              figures-only computation
 * @param incidents             aged open and re-opened incidents of the month
 * @param commentary            imported reasons and mitigations of the figures, one per measure at most, in
 *                              catalogue order
 * @param integrity             conflicts and identity clashes the store saw (counted in no figure)
 */
public record MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
        List<MeasureFigure> measures, List<MissingRange> missing, Publication publication,
        IncidentRegister incidents, List<MeasureCommentary> commentary, IntegrityNotes integrity) {

    /** A figures-only report (no version, no credits) without incident register, commentary or integrity notes. */
    public MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
            List<MeasureFigure> measures, List<MissingRange> missing) {
        this(period, computedAtEpochMillis, catalogueSource, measures, missing, null, IncidentRegister.EMPTY,
                List.of(), IntegrityNotes.NONE);
    }

    /** A report without incident register, commentary or integrity notes. */
    public MonthlyReport(YearMonth period, long computedAtEpochMillis, String catalogueSource,
            List<MeasureFigure> measures, List<MissingRange> missing, Publication publication) {
        this(period, computedAtEpochMillis, catalogueSource, measures, missing, publication, IncidentRegister.EMPTY,
                List.of(), IntegrityNotes.NONE);
    }

    public MonthlyReport {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(catalogueSource, "catalogueSource");
        Objects.requireNonNull(incidents, "incidents");
        measures = List.copyOf(measures);
        missing = List.copyOf(missing);
        commentary = List.copyOf(commentary);
        integrity = integrity == null ? IntegrityNotes.NONE : integrity;
    }

    /** This report with its publication block. */
    public MonthlyReport withPublication(Publication newPublication) {
        return new MonthlyReport(period, computedAtEpochMillis, catalogueSource, measures, missing, newPublication,
                incidents, commentary, integrity);
    }

    /** This report with these integrity notes. */
    public MonthlyReport withIntegrity(IntegrityNotes notes) {
        return new MonthlyReport(period, computedAtEpochMillis, catalogueSource, measures, missing, publication,
                incidents, commentary, notes);
    }

    /** The commentary of a measure's figure, if any was imported for its period. */
    public Optional<MeasureCommentary> commentaryOf(String measureId) {
        return commentary.stream().filter(c -> c.measureId().equals(measureId)).findFirst();
    }

    /**
     * The figures alone: no publication block, no evaluation time and no integrity notes (they count in no figure), so
     * two computations over the same data and catalogue give byte-identical JSON (what restatement compares).
     */
    public MonthlyReport figuresOnly() {
        return new MonthlyReport(period, 0, catalogueSource, measures, missing, null, incidents, commentary,
                IntegrityNotes.NONE);
    }

    /** Ids of the measures with no source in the period (status {@code not_reported}, source {@code none}). */
    public List<String> unsourced() {
        return measures.stream().filter(f -> f.source() == FigureSource.NONE).map(MeasureFigure::id).toList();
    }
}
