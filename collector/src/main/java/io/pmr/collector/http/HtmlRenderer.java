package io.pmr.collector.http;

import java.time.YearMonth;

/**
 * Renders a month's HTML report for {@code GET /api/periods/{yyyy-MM}/report.html}. Called on a worker thread, never on
 * the event loop; must be thread-safe.
 */
@FunctionalInterface
public interface HtmlRenderer {
    /** The page's full HTML text. Called only for a known period. */
    String render(YearMonth period);

    /** The renderer used until the real one is wired: the route answers 501 "HTML report not available". */
    HtmlRenderer UNAVAILABLE = period -> {
        throw new UnsupportedOperationException("HTML report not available");
    };
}
