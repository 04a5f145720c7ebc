package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.SuppliedFigure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures supplied by a ratios import: {@code count} and {@code ratio} measures, and the stand-in for a counted
 * measure no agent measures. A quarterly period reported in its last month takes the figure labelled with the quarter
 * ({@code 2020-Q3}, or {@code 2020-08/2020-10} for offset quarters); otherwise, and before the last month, the sum of its
 * months' figures up to the report month (quarter to date; complete only when every month of the quarter was supplied).
 */
final class SuppliedFigures {
    private static final Comparator<SuppliedFigure> NEWEST = Comparator
            .comparingLong((SuppliedFigure f) -> f.source().importId())
            .thenComparingInt(f -> f.source().lineNumber());

    private SuppliedFigures() {
    }

    /** A supplied figure for a period; denominator null when any part was a bare count. */
    record Supplied(long numerator, Long denominator, List<String> files, boolean complete) {
    }

    /** The supplied figure of a measure for a period, or null when none was imported. */
    static Supplied find(ImportedData imported, String measureId, MeasurePeriod period) {
        Map<String, SuppliedFigure> byLabel = new HashMap<>();
        for (SuppliedFigure figure : imported.supplied()) {
            if (figure.measureId().equals(measureId)) {
                byLabel.merge(figure.period(), figure, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
            }
        }
        // a figure labelled with the quarter covers the whole quarter: it stands only in the quarter's last month
        SuppliedFigure own = period.complete() ? byLabel.get(period.label()) : null;
        if (own != null) {
            return new Supplied(own.numerator(), own.denominator(), List.of(own.source().text()), true);
        }
        if (!period.isQuarter()) {
            return null;
        }
        long numerator = 0;
        Long denominator = 0L;
        List<String> files = new ArrayList<>();
        int found = 0;
        for (String label : period.monthLabelsSoFar()) {
            SuppliedFigure month = byLabel.get(label);
            if (month == null) {
                continue;
            }
            found++;
            numerator = Math.addExact(numerator, month.numerator());
            denominator = denominator == null || month.denominator() == null ? null
                    : Long.valueOf(Math.addExact(denominator, month.denominator()));
            files.add(month.source().text());
        }
        return found == 0 ? null : new Supplied(numerator, denominator, files, found == period.months().size());
    }

    /**
     * The stand-in for a counted measure no agent measures: when a figure with a denominator was supplied for the
     * period, the draft takes it (supplied source, its files and completeness, numerator and denominator).
     *
     * @return the figure the draft took, or null when there is none (the draft is unchanged)
     */
    static Supplied standIn(FigureDraft draft, Inputs inputs, String measureId, MeasurePeriod period) {
        Supplied supplied = find(inputs.imported, measureId, period);
        if (supplied == null || supplied.denominator() == null) {
            return null;
        }
        draft.suppliedSource = true;
        draft.files.addAll(supplied.files());
        draft.sourcesFinal = supplied.complete();
        draft.numerator = supplied.numerator();
        draft.denominator = supplied.denominator();
        return supplied;
    }

    /** A count measure: the level is the supplied count; lower is better. */
    static FigureDraft count(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        Supplied supplied = find(inputs.imported, measure.id(), period);
        if (supplied == null) {
            return draft;
        }
        draft.suppliedSource = true;
        draft.files.addAll(supplied.files());
        draft.sourcesFinal = supplied.complete();
        draft.numerator = supplied.numerator();
        draft.denominator = 0;
        draft.level(BigDecimal.valueOf(supplied.numerator()).setScale(2));
        return draft;
    }

    /** A ratio measure: supplied numerator over supplied denominator. */
    static FigureDraft ratio(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        Supplied supplied = find(inputs.imported, measure.id(), period);
        if (supplied == null) {
            return draft;
        }
        draft.suppliedSource = true;
        draft.files.addAll(supplied.files());
        draft.sourcesFinal = supplied.complete();
        if (supplied.denominator() == null) {
            draft.notes.add("supplied without a denominator: a ratio needs one; shown as no events");
            return draft;
        }
        draft.numerator = supplied.numerator();
        draft.denominator = supplied.denominator();
        return draft;
    }
}
