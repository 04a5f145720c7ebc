package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.report.BeforeExclusions;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MissingRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A figure being assembled by one of the kind calculators. Defaults: level = 100 x numerator / denominator; before
 * exclusions = the counted figure. {@link #build} decides the status from the rounded level (a figure with neither a
 * level nor a source is {@code not_reported}) and finality from the period and the sources.
 */
final class FigureDraft {
    final MeasureDefinition measure;
    final MeasurePeriod period;
    long numerator;
    long denominator;
    BigDecimal level;
    boolean levelSet;
    long numeratorBefore = -1;
    long denominatorBefore = -1;
    BigDecimal levelBefore;
    boolean agentsSource;
    boolean suppliedSource;
    boolean sourcesFinal = true;
    final TreeSet<String> agents = new TreeSet<>();
    final TreeSet<String> files = new TreeSet<>();
    final Map<String, Long> excluded = new TreeMap<>();
    final List<String> contributors = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<MissingRange> missing = new ArrayList<>();
    /** Why the sources are not final (added where {@link #sourcesFinal} is cleared), one sentence each. */
    final List<String> whyProvisional = new ArrayList<>();
    FigureDetail detail = FigureDetail.None.INSTANCE;

    FigureDraft(MeasureDefinition measure, MeasurePeriod period) {
        this.measure = measure;
        this.period = period;
    }

    void exclude(String reason, long count) {
        if (count > 0) {
            excluded.merge(reason, count, Math::addExact);
        }
    }

    void level(BigDecimal value) {
        level = value;
        levelSet = true;
    }

    void before(long beforeNumerator, long beforeDenominator, BigDecimal beforeLevel) {
        numeratorBefore = beforeNumerator;
        denominatorBefore = beforeDenominator;
        levelBefore = beforeLevel;
    }

    MeasureFigure build(Inputs inputs) {
        BigDecimal counted = levelSet ? level : Levels.level(numerator, denominator);
        BeforeExclusions before = numeratorBefore < 0
                ? new BeforeExclusions(numerator, denominator, counted)
                : new BeforeExclusions(numeratorBefore, denominatorBefore, levelBefore);
        long excludedTotal = 0;
        List<ExcludedCount> excludedCounts = new ArrayList<>();
        for (Map.Entry<String, Long> entry : excluded.entrySet()) {
            excludedCounts.add(new ExcludedCount(entry.getKey(), entry.getValue()));
            excludedTotal = Math.addExact(excludedTotal, entry.getValue());
        }
        BigDecimal target = twoDecimals(measure.target());
        BigDecimal minimum = measure.minimum() == null ? null : twoDecimals(measure.minimum());
        FigureSource source = source();
        MeasureStatus status = counted == null && source == FigureSource.NONE ? MeasureStatus.NOT_REPORTED
                : measure.lowerIsBetter() ? Levels.countStatus(counted, excludedTotal, target, minimum)
                : Levels.status(counted, excludedTotal, target, minimum);
        List<String> reasons = reasons(inputs);
        return new MeasureFigure(measure.id(), measure.name(), measure.provider(), measure.kind(), period.label(),
                measure.trtText(), numerator, denominator, counted, target, minimum, status, reasons.isEmpty(),
                measure.isKpi(), source, new ArrayList<>(agents), new ArrayList<>(files), before, excludedCounts,
                contributors, null, detail, notes, period.startEpochMillis(), period.endEpochMillis(), null, reasons);
    }

    /** Why the figure is not final; empty when it is. */
    private List<String> reasons(Inputs inputs) {
        List<String> reasons = new ArrayList<>();
        if (!period.complete()) {
            reasons.add("quarter to date: reported in " + period.reportMonth() + ", the quarter " + period.label()
                    + " ends with " + period.lastMonth() + " (final from that month's report)");
        }
        if (!inputs.ended(period)) {
            reasons.add("the period has not ended: it ends at " + java.time.Instant.ofEpochMilli(period.endEpochMillis()));
        }
        if (!sourcesFinal) {
            if (whyProvisional.isEmpty()) {
                reasons.add(suppliedSource && !agentsSource ? "supplied for only part of the period"
                        : "a source has not reported the whole period");
            }
            reasons.addAll(whyProvisional);
        }
        return reasons;
    }

    private FigureSource source() {
        if (agentsSource && suppliedSource) {
            return FigureSource.AGENTS_AND_SUPPLIED;
        }
        return agentsSource ? FigureSource.AGENTS : suppliedSource ? FigureSource.SUPPLIED : FigureSource.NONE;
    }

    static BigDecimal twoDecimals(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
