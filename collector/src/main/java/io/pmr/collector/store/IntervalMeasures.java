package io.pmr.collector.store;

/**
 * The distinct measures of {@code interval_report}, found by a skip-scan of {@code interval_report_measure}
 * (measure_id, interval_start_epoch_millis): one seek for the lowest measure, then one seek per measure for the next
 * higher one, so (measures + 1) seeks, whatever the rows. A recursive common table expression that SQLite and
 * PostgreSQL both take (PostgreSQL's "loose index scan"; on its month partitions each seek is a merge of the
 * partitions' first entries).
 *
 * <p>Why: schema 12 ({@link SqliteSchema#VERSION}) has no index led by the start, so a read of every measure over a
 * start range would scan; with the measures listed first it searches {@code interval_report_measure} once per measure
 * ({@code measure_id = ? AND interval_start_epoch_millis} range), on a new file and on an older one that keeps
 * {@code interval_report_start} alike. Each use names the CTE {@value #NAME} with the single column {@code id}; its
 * last row is NULL (the seek past the highest measure), which matches no {@code IN} and no {@code =}. Stateless.
 */
final class IntervalMeasures {
    /** The CTE's name in the queries that follow {@link #WITH}. */
    static final String NAME = "measures";

    /** {@code WITH RECURSIVE measures(id) AS (...)}: the distinct measure ids of interval_report, then one NULL. */
    static final String WITH = withMeasuresOf("interval_report");

    /**
     * The same CTE over another table with an index led by {@code measure_id} (event_record and down_window have
     * {@code (measure_id, start_epoch_millis)}): its distinct measure ids, then one NULL, in (measures + 1) seeks.
     */
    static String withMeasuresOf(String table) {
        return "WITH RECURSIVE " + NAME + "(id) AS (SELECT MIN(measure_id) FROM " + table
                + " UNION ALL SELECT (SELECT MIN(n.measure_id) FROM " + table + " n WHERE n.measure_id > " + NAME
                + ".id) FROM " + NAME + " WHERE " + NAME + ".id IS NOT NULL)";
    }

    private IntervalMeasures() {
    }

    /**
     * The WHERE term "{@code column} is one of the measures" in the engine's form that keeps the measure in the index
     * search: SQLite's {@code IN (SELECT id FROM measures)} is searched once per measure; PostgreSQL's planner would
     * take the same {@code IN} for a semi-join and may then walk the whole of interval_report_measure with only the
     * start range as its condition, so there it is {@code = ANY (ARRAY(SELECT ...))}, which the B-tree searches once
     * per array element (the measure and the start range both in its index condition).
     */
    static String in(Dialect dialect, String column) {
        String measures = "SELECT id FROM " + NAME;
        return dialect == Dialect.SQLITE ? column + " IN (" + measures + ")"
                : column + " = ANY (ARRAY(" + measures + "))";
    }
}
