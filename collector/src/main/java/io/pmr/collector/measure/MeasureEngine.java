package io.pmr.collector.measure;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.MeasureCounts;
import io.pmr.collector.store.PeriodData;
import io.pmr.collector.store.Store;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes a month's figures from stored data and the catalogue: every {@code within_trt} measure with a source
 * (an agent declared it, or data exists in the period) and every composite with at least one sourced contributor.
 * Stateless and thread-safe; the same stored data always gives the same report.
 *
 * <p>Finality: a measure is final when at least one agent declared it and every agent that declared it has a
 * watermark at or after the period's end. A measure with data but no declaring agent is never final: no source
 * promised that the period is complete. A composite is final when all its sourced contributors are.
 */
public final class MeasureEngine {
    private final Catalogue catalogue;

    public MeasureEngine(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public MonthlyReport compute(YearMonth month, Store store) {
        ReportPeriod period = ReportPeriod.of(month);
        return compute(period, store.periodData(period.startEpochMillis(), period.endEpochMillis()));
    }

    MonthlyReport compute(ReportPeriod period, PeriodData data) {
        Map<String, MeasureFigure> simple = new TreeMap<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.WITHIN_TRT && isSourced(measure.id(), data)) {
                simple.put(measure.id(), withinTrt(measure, period, data));
            }
        }
        List<MeasureFigure> figures = new ArrayList<>();
        List<String> unsourced = new ArrayList<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            MeasureFigure figure = measure.kind() == MeasureKind.COMPOSITE
                    ? composite(measure, simple)
                    : simple.get(measure.id());
            if (figure == null) {
                unsourced.add(measure.id());
            } else {
                figures.add(figure);
            }
        }
        return new MonthlyReport(period.month(), figures, unsourced);
    }

    private static boolean isSourced(String id, PeriodData data) {
        return data.declaredBy().containsKey(id) || data.counts().containsKey(id)
                || data.exclusions().containsKey(id);
    }

    private static MeasureFigure withinTrt(MeasureDefinition measure, ReportPeriod period, PeriodData data) {
        MeasureCounts counts = data.counts().getOrDefault(measure.id(), MeasureCounts.ZERO);
        Map<String, Long> excluded = data.exclusions().getOrDefault(measure.id(), Map.of());
        Set<String> agents = data.declaredBy().getOrDefault(measure.id(), Set.of());
        Map<String, Long> watermarks = data.watermarks().getOrDefault(measure.id(), Map.of());
        boolean isFinal = !agents.isEmpty() && agents.stream()
                .allMatch(agent -> watermarks.getOrDefault(agent, Long.MIN_VALUE) >= period.endEpochMillis());
        return figure(measure, counts.withinTrt(), counts.events(), new TreeMap<>(excluded), isFinal, List.of());
    }

    private MeasureFigure composite(MeasureDefinition measure, Map<String, MeasureFigure> simple) {
        long numerator = 0;
        long denominator = 0;
        boolean isFinal = true;
        Map<String, Long> excluded = new TreeMap<>();
        List<String> contributors = new ArrayList<>();
        for (MeasureDefinition contributor : catalogue.contributorsOf(measure.id())) {
            MeasureFigure figure = simple.get(contributor.id());
            if (figure == null) {
                continue;
            }
            contributors.add(figure.id());
            numerator = Math.addExact(numerator, figure.numerator());
            denominator = Math.addExact(denominator, figure.denominator());
            isFinal &= figure.isFinal();
            for (ExcludedCount count : figure.excluded()) {
                excluded.merge(count.reason(), count.count(), Math::addExact);
            }
        }
        if (contributors.isEmpty()) {
            return null;
        }
        return figure(measure, numerator, denominator, excluded, isFinal, contributors);
    }

    private static MeasureFigure figure(MeasureDefinition measure, long numerator, long denominator,
            Map<String, Long> excluded, boolean isFinal, List<String> contributors) {
        long excludedTotal = 0;
        List<ExcludedCount> excludedCounts = new ArrayList<>();
        for (Map.Entry<String, Long> entry : excluded.entrySet()) {
            excludedCounts.add(new ExcludedCount(entry.getKey(), entry.getValue()));
            excludedTotal = Math.addExact(excludedTotal, entry.getValue());
        }
        BigDecimal level = Levels.level(numerator, denominator);
        BigDecimal target = twoDecimals(measure.target());
        BigDecimal minimum = measure.minimum() == null ? null : twoDecimals(measure.minimum());
        MeasureStatus status = Levels.status(level, excludedTotal, target, minimum);
        return new MeasureFigure(measure.id(), measure.name(), measure.provider(), measure.kind(), measure.trtText(),
                numerator, denominator, level, target, minimum, status, isFinal, excludedCounts, contributors);
    }

    private static BigDecimal twoDecimals(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
