package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import java.util.List;
import java.util.Map;

/**
 * Composites (CPM1..CPM8): the events of every contributor with a source pooled together (numerators and
 * denominators summed after exclusions, not levels averaged), so a contributor with many events weighs as many
 * events. Provisional while any contributor is (a contributor without a source is final only when no source is
 * expected for it).
 */
final class CompositeFigures {
    private CompositeFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, List<MeasureDefinition> contributors,
            Map<String, MeasureFigure> figures) {
        FigureDraft draft = new FigureDraft(measure, period);
        long numeratorBefore = 0;
        long denominatorBefore = 0;
        for (MeasureDefinition contributor : contributors) {
            MeasureFigure figure = figures.get(contributor.id());
            // final only when every contributor is, sourced or not: one awaited (expected, not yet reported) counts
            if (figure != null && !figure.isFinal()) {
                draft.sourcesFinal = false;
                draft.whyProvisional.add("contributor " + figure.id() + " is provisional");
            }
            if (figure == null || figure.source() == FigureSource.NONE) {
                continue;
            }
            draft.contributors.add(figure.id());
            draft.agentsSource |= figure.source() != FigureSource.SUPPLIED;
            draft.suppliedSource |= figure.source() != FigureSource.AGENTS;
            draft.agents.addAll(figure.agents());
            draft.files.addAll(figure.files());
            draft.numerator = Math.addExact(draft.numerator, figure.numerator());
            draft.denominator = Math.addExact(draft.denominator, figure.denominator());
            numeratorBefore = Math.addExact(numeratorBefore, figure.before().numerator());
            denominatorBefore = Math.addExact(denominatorBefore, figure.before().denominator());
            if (!figure.period().equals(period.label())) {
                draft.notes.add(figure.id() + " covers " + figure.period() + ", pooled as is");
            }
            for (ExcludedCount count : figure.excluded()) {
                draft.exclude(count.reason(), count.count());
            }
        }
        draft.before(numeratorBefore, denominatorBefore, Levels.level(numeratorBefore, denominatorBefore));
        return draft;
    }
}
