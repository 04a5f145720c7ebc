package io.pmr.collector.http;

import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Function;

/**
 * The figures of the current period (Europe/London month by the passed-in clock), computed at most once per ttl:
 * computing a report reads the whole month, too costly for every scrape. Thread-safe; a caller that finds the cache
 * stale computes while holding the lock, so concurrent scrapes compute once.
 */
final class LiveLevels {
    private final Function<YearMonth, MonthlyReport> reports;
    private final Clock clock;
    private final long ttlMillis;
    private YearMonth cachedPeriod;
    private long computedAtEpochMillis;
    private List<MeasureFigure> cached;

    LiveLevels(Function<YearMonth, MonthlyReport> reports, Clock clock, Duration ttl) {
        this.reports = reports;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** The current period's figures, at most ttl old (recomputed when the month turned). */
    synchronized List<MeasureFigure> current() {
        long now = clock.millis();
        YearMonth period = YearMonth.from(clock.instant().atZone(ReportPeriod.LONDON));
        if (cached == null || !period.equals(cachedPeriod) || now - computedAtEpochMillis >= ttlMillis
                || now < computedAtEpochMillis) {
            cached = reports.apply(period).measures();
            cachedPeriod = period;
            computedAtEpochMillis = now;
        }
        return cached;
    }
}
