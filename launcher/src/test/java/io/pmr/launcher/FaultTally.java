package io.pmr.launcher;

import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A run's figures against the rig's ground truth, in events: {@code lost} sums truth minus counted where positive,
 * {@code countedTwice} counted minus truth where positive, over every truth measure's denominator (a measure
 * missing from the report counts all its events as lost); {@code mismatches} is the exact comparison of numerators,
 * denominators and levels ({@link OracleCheck}).
 */
record FaultTally(long lost, long countedTwice, int measuresCompared, List<String> mismatches) {

    /** Counted minus truth where positive, over the truth measures whose id {@code ids} accepts. */
    static long countedTwice(GroundTruthFile truth, MonthlyReport report, Predicate<String> ids) {
        Map<String, MeasureFigure> figures = byId(report);
        long twice = 0;
        for (GroundTruthFile.Entry entry : truth.measures()) {
            MeasureFigure figure = figures.get(entry.id());
            if (ids.test(entry.id()) && figure != null) {
                twice += Math.max(0, figure.denominator() - entry.denominator());
            }
        }
        return twice;
    }

    static FaultTally of(GroundTruthFile truth, MonthlyReport report) {
        Map<String, MeasureFigure> figures = byId(report);
        long lost = 0;
        long twice = 0;
        for (GroundTruthFile.Entry entry : truth.measures()) {
            MeasureFigure figure = figures.get(entry.id());
            long counted = figure == null ? 0 : figure.denominator();
            lost += Math.max(0, entry.denominator() - counted);
            twice += Math.max(0, counted - entry.denominator());
        }
        OracleCheck.Outcome exact = OracleCheck.compare(truth, report);
        return new FaultTally(lost, twice, exact.measuresCompared(), exact.mismatches());
    }

    private static Map<String, MeasureFigure> byId(MonthlyReport report) {
        Map<String, MeasureFigure> figures = new HashMap<>();
        for (MeasureFigure figure : report.measures()) {
            figures.put(figure.id(), figure);
        }
        return figures;
    }
}
