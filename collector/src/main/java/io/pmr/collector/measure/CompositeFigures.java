package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureMethod;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Composites (CPM1..CPM8), both readings:
 * <ul>
 *   <li><b>mean of levels</b> (the report's rule, method {@code mean_of_levels}, the default): the mean of the levels
 *       of the contributors that have one, each as published (already half-up to 2 decimals), the mean half-up to 2
 *       decimals. A contributor {@code not_reported} is left out and named; one with {@code no_events} or
 *       {@code data_exempted} has no level and is left out too. September 2020: CPM1 = mean of ten levels = 95.10.</li>
 *   <li><b>pooled</b> (method {@code pooled}): every sourced contributor's events together, numerators and
 *       denominators summed after exclusions, so a contributor with many events weighs as many events.</li>
 * </ul>
 * The method's reading is the level (status and credits follow it); the other is in the detail. The figure's
 * numerator and denominator are always the pooled counts. A composite none of whose contributors has a source is
 * {@code not_reported}; provisional while any sourced contributor is (a contributor without a source is final
 * only when no source is expected for it).
 */
final class CompositeFigures {
    private CompositeFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, List<MeasureDefinition> contributors,
            Map<String, MeasureFigure> figures) {
        FigureDraft draft = new FigureDraft(measure, period);
        long numeratorBefore = 0;
        long denominatorBefore = 0;
        BigDecimal sumOfLevels = BigDecimal.ZERO;
        int levels = 0;
        BigDecimal sumOfLevelsBefore = BigDecimal.ZERO;
        int levelsBefore = 0;
        List<FigureDetail.Contributor> used = new ArrayList<>();
        List<String> notReported = new ArrayList<>();
        List<String> withoutLevel = new ArrayList<>();
        for (MeasureDefinition contributor : contributors) {
            MeasureFigure figure = figures.get(contributor.id());
            // final only when every contributor is, sourced or not: one awaited (expected, not yet reported) counts
            if (figure != null && !figure.isFinal()) {
                draft.sourcesFinal = false;
                draft.whyProvisional.add("contributor " + figure.id() + " is provisional");
            }
            if (figure == null || figure.source() == FigureSource.NONE) {
                notReported.add(contributor.id());
                used.add(new FigureDetail.Contributor(contributor.id(), null, MeasureStatus.NOT_REPORTED.code(),
                        false));
                continue;
            }
            boolean inMean = figure.level() != null;
            used.add(new FigureDetail.Contributor(figure.id(), figure.level(), figure.status().code(), inMean));
            if (inMean) {
                sumOfLevels = sumOfLevels.add(figure.level());
                levels++;
            } else {
                withoutLevel.add(figure.id() + " (" + figure.status().code() + ")");
            }
            if (figure.before().level() != null) {
                sumOfLevelsBefore = sumOfLevelsBefore.add(figure.before().level());
                levelsBefore++;
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
                draft.notes.add(figure.id() + " covers " + figure.period() + ", taken as is");
            }
            for (ExcludedCount count : figure.excluded()) {
                draft.exclude(count.reason(), count.count());
            }
        }
        BigDecimal mean = mean(sumOfLevels, levels);
        BigDecimal pooled = Levels.level(draft.numerator, draft.denominator);
        MeasureMethod method = measure.method() == null ? MeasureMethod.MEAN_OF_LEVELS : measure.method();
        if (method == MeasureMethod.MEAN_OF_LEVELS) {
            draft.level(mean);
        }
        if (!notReported.isEmpty()) {
            draft.notes.add("not reported, left out: " + String.join(", ", notReported));
        }
        if (!withoutLevel.isEmpty()) {
            draft.notes.add("no level, left out of the mean: " + String.join(", ", withoutLevel));
        }
        draft.detail = new FigureDetail.Composite(method.code(), mean, pooled, used, notReported);
        // before exclusions, by the same method: the mean of the contributors' levels before theirs, or pooled
        draft.before(numeratorBefore, denominatorBefore, method == MeasureMethod.MEAN_OF_LEVELS
                ? mean(sumOfLevelsBefore, levelsBefore) : Levels.level(numeratorBefore, denominatorBefore));
        return draft;
    }

    /** {@code sum / count}, half-up to 2 decimals (the terms are the published 2-decimal levels); null for none. */
    static BigDecimal mean(BigDecimal sum, int count) {
        return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }
}
