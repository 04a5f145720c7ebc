package io.pmr.collector.http;

import io.pmr.collector.report.ReportTable;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tables of a month's report page, by name, in page order, for {@code GET /api/periods/{yyyy-MM}/tables...}.
 * Called on a worker thread, never on the event loop, only for a known period; must be thread-safe.
 */
@FunctionalInterface
public interface TableSource {
    /**
     * The month's tables by name (without extension), e.g. {@code credits}, {@code incidents}: each supplier builds
     * its table when called (a request for one table builds only that one; the listing builds them all).
     */
    Map<String, Supplier<ReportTable>> tables(YearMonth period);
}
