package io.pmr.collector.http;

import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The figures {@code /metrics} shows: the current period (Europe/London month by the passed-in clock) and the
 * {@value #CLOSED_PERIODS} latest closed periods with data (months before the current one that hold data or a
 * published version), so the month being finalised and published after its end, or a month replayed by the demo,
 * still reaches a dashboard. Two closed periods, not one, because a month's last events end, and their intervals are
 * stored, in the first hours of the next month: that month then has data too (the demo's September is followed by an
 * October with a few intervals). At most three periods: the series count stays bounded however much history the store
 * holds. Computed at most once per ttl, because computing a report reads the whole month, too costly for every
 * scrape.
 *
 * <p>Thread-safe; a caller that finds the cache stale computes while holding the lock, so concurrent scrapes compute
 * once.
 */
final class LiveLevels {
    /** Closed periods shown besides the current one. */
    static final int CLOSED_PERIODS = 2;

    private final Function<YearMonth, MonthlyReport> reports;
    private final Supplier<Set<YearMonth>> periodsWithData;
    private final Clock clock;
    private final long ttlMillis;
    private YearMonth cachedCurrent;
    private long computedAtEpochMillis;
    private Map<YearMonth, List<MeasureFigure>> cached;

    /**
     * @param reports         the figures of a month (read through the collector's report port)
     * @param periodsWithData the months with data, in any order (the store's activity port)
     */
    LiveLevels(Function<YearMonth, MonthlyReport> reports, Supplier<Set<YearMonth>> periodsWithData, Clock clock,
            Duration ttl) {
        this.reports = reports;
        this.periodsWithData = periodsWithData;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * The figures by period, oldest first: the latest closed periods with data (none, one or two), then the current
     * period; at most ttl old, recomputed when the month turned.
     */
    synchronized Map<YearMonth, List<MeasureFigure>> recent() {
        long now = clock.millis();
        YearMonth current = YearMonth.from(clock.instant().atZone(ReportPeriod.LONDON));
        if (cached == null || !current.equals(cachedCurrent) || now - computedAtEpochMillis >= ttlMillis
                || now < computedAtEpochMillis) {
            Map<YearMonth, List<MeasureFigure>> figures = new LinkedHashMap<>();
            for (YearMonth closed : latestClosed(current)) {
                figures.put(closed, reports.apply(closed).measures());
            }
            figures.put(current, reports.apply(current).measures());
            cached = Collections.unmodifiableMap(figures);
            cachedCurrent = current;
            computedAtEpochMillis = now;
        }
        return cached;
    }

    private List<YearMonth> latestClosed(YearMonth current) {
        List<YearMonth> closed = periodsWithData.get().stream().filter(period -> period.isBefore(current)).sorted()
                .toList();
        return closed.subList(Math.max(0, closed.size() - CLOSED_PERIODS), closed.size());
    }
}
