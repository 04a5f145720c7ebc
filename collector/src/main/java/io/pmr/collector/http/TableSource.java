package io.pmr.collector.http;

import io.pmr.collector.report.ReportTable;
import java.time.YearMonth;
import java.util.Map;

/**
 * The tables of a month's report page, by name, in page order, for {@code GET /api/periods/{yyyy-MM}/tables...}.
 * Called on a worker thread, never on the event loop, only for a known period; must be thread-safe.
 */
@FunctionalInterface
public interface TableSource {
    /** The month's tables by name (without extension), e.g. {@code credits}, {@code incidents}. */
    Map<String, ReportTable> tables(YearMonth period);
}
