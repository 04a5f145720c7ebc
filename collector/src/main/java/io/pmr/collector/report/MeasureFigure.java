package io.pmr.collector.report;

import io.pmr.collector.catalogue.MeasureKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One measure's figure for a period. Every catalogue row has one in a report.
 *
 * @param period        {@code yyyy-MM}, or for quarterly measures {@code yyyy-Qn} (calendar quarters) or
 *                      {@code yyyy-MM/yyyy-MM} (offset quarters: first and last month)
 * @param trt           the catalogue's TRT text (e.g. {@code 25s}), null when blank
 * @param numerator     within_trt/incidents, and composite (pooled over its sourced contributors): events within TRT (after exclusions); availability: seconds
 *                      available; power_outage: alerts within TRT (sum A); ratio: supplied numerator; count: the
 *                      count
 * @param denominator   events counted after exclusions; availability: seconds in the period; power_outage: alerts
 *                      (sum N); count: 0
 * @param level         HALF_UP to 2 decimals from exact counts: 100 x numerator / denominator, except
 *                      power_outage (per-event capped, or as published: the catalogue's method, see
 *                      {@link FigureDetail.PowerOutage}), composite (mean of the contributors' levels, or pooled: the
 *                      catalogue's method, see {@link FigureDetail.Composite}) and count (the count); null with status
 *                      no_events, data_exempted or not_reported
 * @param target        Target Service Level (a count for count measures), 2 decimals
 * @param minimum       Minimum Service Level, 2 decimals; null when blank (KPIs)
 * @param status        decided by the rounded level
 * @param isFinal       true when the period has ended, a quarter is reported in its last month, every expected source
 *                      has reported past the period's end and the sources cover every day of it (composites: every
 *                      contributor is final); see {@code docs/methodology.md}
 * @param kpi           a target but no minimum: no service credit
 * @param agents        ids of the agents whose data counted (sorted)
 * @param files         imported rows that counted, as {@code file:line} (sorted, distinct)
 * @param before        counts before exclusions
 * @param excluded      excluded counts per reason, sorted by reason
 * @param contributors  for composites: contributing measures with a source (catalogue order); else empty
 * @param previousLevel the previous period's level (previous month, or previous whole quarter), null when it had none
 * @param notes         human-readable remarks (e.g. ignored rows), in order
 * @param coveredFromEpochMillis start of what the figure counts (UTC epoch millis, inclusive): the month's or the
 *                      quarter's first instant in Europe/London
 * @param coveredToEpochMillis end of what the figure counts (exclusive): the end of the report month, also for a
 *                      quarter reported before its last month (quarter to date)
 * @param previousFinal whether the previous period's figure was final when this report was computed; null when there
 *                      is no previous level
 * @param whyProvisional why the figure is not final, one sentence per reason (empty when final)
 */
public record MeasureFigure(String id, String name, String provider, MeasureKind kind, String period, String trt,
        long numerator, long denominator, BigDecimal level, BigDecimal target, BigDecimal minimum,
        MeasureStatus status, boolean isFinal, boolean kpi, FigureSource source, List<String> agents,
        List<String> files, BeforeExclusions before, List<ExcludedCount> excluded, List<String> contributors,
        BigDecimal previousLevel, FigureDetail detail, List<String> notes, long coveredFromEpochMillis,
        long coveredToEpochMillis, Boolean previousFinal, List<String> whyProvisional) {

    /** A figure without coverage, previous finality or reasons (fixtures, older callers). */
    public MeasureFigure(String id, String name, String provider, MeasureKind kind, String period, String trt,
            long numerator, long denominator, BigDecimal level, BigDecimal target, BigDecimal minimum,
            MeasureStatus status, boolean isFinal, boolean kpi, FigureSource source, List<String> agents,
            List<String> files, BeforeExclusions before, List<ExcludedCount> excluded, List<String> contributors,
            BigDecimal previousLevel, FigureDetail detail, List<String> notes) {
        this(id, name, provider, kind, period, trt, numerator, denominator, level, target, minimum, status, isFinal,
                kpi, source, agents, files, before, excluded, contributors, previousLevel, detail, notes, 0L, 0L,
                null, List.of());
    }

    public MeasureFigure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(detail, "detail");
        agents = List.copyOf(agents);
        files = List.copyOf(files);
        excluded = List.copyOf(excluded);
        contributors = List.copyOf(contributors);
        notes = List.copyOf(notes);
        whyProvisional = List.copyOf(whyProvisional);
    }

    /** Sum of the excluded counts. */
    public long excludedTotal() {
        long total = 0;
        for (ExcludedCount count : excluded) {
            total = Math.addExact(total, count.count());
        }
        return total;
    }

    /** This figure with the previous period's level set (its finality unknown). */
    public MeasureFigure withPreviousLevel(BigDecimal previous) {
        return withPrevious(previous, null);
    }

    /** This figure with the previous period's level and whether that figure was final (null with no level). */
    public MeasureFigure withPrevious(BigDecimal previous, Boolean previousWasFinal) {
        return new MeasureFigure(id, name, provider, kind, period, trt, numerator, denominator, level, target,
                minimum, status, isFinal, kpi, source, agents, files, before, excluded, contributors, previous,
                detail, notes, coveredFromEpochMillis, coveredToEpochMillis, previous == null ? null : previousWasFinal,
                whyProvisional);
    }
}
