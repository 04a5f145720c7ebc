package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.model.UkCalendar;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schema 12's three reads of every measure over a start range ({@link SqliteEnvelopeReads#minuteCountsSql},
 * {@link SqliteAgentDays#agentIntervalsSql}, {@link SqliteActivityReader#FIRST_INTERVAL_SQL}), which list the
 * measures by a skip-scan ({@link IntervalMeasures}) and search interval_report_measure per measure: on a seeded
 * ingest (three measures, two of them declared, four UK days with the clock change) each answers exactly what schema
 * 11's plain start-range query answered, over many ranges, on SQLite and PostgreSQL, with and without the
 * interval_report_start index that files and databases of schema 11 keep; and neither engine plans a scan of the
 * minute rows for them, with or without that index.
 */
class IntervalMeasureReadsTest {
    private static final long FROM = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 23));
    private static final long TO = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 27));
    /** Schema 11's reads, as they were before the rewrite: what the new ones must answer. */
    private static final String OLD_MINUTE_COUNTS_SQL = "SELECT measure_id, " + ExactSums.sumOf("events") + ", "
            + ExactSums.sumOf("within_trt") + ", " + ExactSums.sumOf("timed_out") + ", " + ExactSums.sumOf("failed")
            + " FROM interval_report WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
            + " GROUP BY measure_id";
    private static final String OLD_AGENT_INTERVALS_SQL = "SELECT i.agent_id, i.interval_start_epoch_millis,"
            + " COUNT(DISTINCT i.measure_id) FROM interval_report i"
            + " WHERE i.interval_start_epoch_millis >= ? AND i.interval_start_epoch_millis < ?"
            + " AND EXISTS (SELECT 1 FROM declared_measure d WHERE d.agent_id = i.agent_id"
            + " AND d.measure_id = i.measure_id)"
            + " GROUP BY i.agent_id, i.interval_start_epoch_millis";
    private static final String OLD_FIRST_INTERVAL_SQL = "SELECT MIN(interval_start_epoch_millis) FROM interval_report"
            + " WHERE interval_start_epoch_millis >= ?";
    private static final String START_INDEX = "CREATE INDEX interval_report_start"
            + " ON interval_report (interval_start_epoch_millis, measure_id)";

    /** The engine, and whether interval_report keeps schema 11's index led by the start. */
    enum Shape {
        SQLITE(StoreEngine.SQLITE, false),
        SQLITE_WITH_START_INDEX(StoreEngine.SQLITE, true),
        POSTGRES(StoreEngine.POSTGRES, false),
        POSTGRES_WITH_START_INDEX(StoreEngine.POSTGRES, true);

        final StoreEngine engine;
        final Dialect dialect;
        final boolean startIndex;

        Shape(StoreEngine engine, boolean startIndex) {
            this.engine = engine;
            this.dialect = engine == StoreEngine.SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL;
            this.startIndex = startIndex;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theAllMeasureReadsAnswerAsTheStartRangeQueriesDid(Shape shape) throws Exception {
        TestStores stores = seeded(shape);
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
                new long[] {FROM, TO}, new long[] {FROM - 86_400_000L, FROM}, new long[] {TO, TO + 86_400_000L},
                new long[] {FROM + 60_000, FROM + 120_000}));
        for (long from = FROM - 3_600_000L; from < TO + 3_600_000L; from += 7 * 3_600_000L + 13 * 60_000L) {
            ranges.add(new long[] {from, from + 5 * 3_600_000L}); // partial days, as the reads are given
        }
        int rows = 0;
        try (Connection connection = stores.connect()) {
            for (long[] range : ranges) {
                List<String> counts = rows(connection, SqliteEnvelopeReads.minuteCountsSql(shape.dialect), range);
                assertEquals(rows(connection, OLD_MINUTE_COUNTS_SQL, range), counts, range[0] + ".." + range[1]);
                List<String> agentIntervals = rows(connection, SqliteAgentDays.agentIntervalsSql(shape.dialect), range);
                assertEquals(rows(connection, OLD_AGENT_INTERVALS_SQL, range), agentIntervals,
                        range[0] + ".." + range[1]);
                rows += counts.size() + agentIntervals.size();
            }
            for (long at = FROM - 60_000L; at <= TO; at += 97 * 60_000L) {
                long[] cursor = {at};
                assertEquals(rows(connection, OLD_FIRST_INTERVAL_SQL, cursor),
                        rows(connection, SqliteActivityReader.FIRST_INTERVAL_SQL, cursor), Long.toString(at));
            }
            for (long at : new long[] {Long.MIN_VALUE, TO, Long.MAX_VALUE}) {
                assertEquals(rows(connection, OLD_FIRST_INTERVAL_SQL, new long[] {at}),
                        rows(connection, SqliteActivityReader.FIRST_INTERVAL_SQL, new long[] {at}));
            }
            List<String> all = rows(connection, SqliteEnvelopeReads.minuteCountsSql(shape.dialect), ranges.get(0));
            assertEquals(3, all.size(), "every measure has rows: " + all);
        }
        assertTrue(rows > 300, rows + " rows read: the ranges must hold data");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void neitherEnginePlansAScanOfTheMinuteRows(Shape shape) throws Exception {
        TestStores stores = seeded(shape);
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
            if (shape.engine == StoreEngine.POSTGRES) {
                statement.execute("ANALYZE");
                // a few hundred rows: PostgreSQL would rightly read them all; what matters is that it need not
                statement.execute("SET enable_seqscan = off");
                statement.execute("SET enable_bitmapscan = off");
            }
            for (String sql : List.of(SqliteEnvelopeReads.minuteCountsSql(shape.dialect), SqliteAgentDays.agentIntervalsSql(shape.dialect),
                    SqliteActivityReader.FIRST_INTERVAL_SQL)) {
                List<String> plan = plan(connection, shape.engine, sql);
                String text = String.join("\n", plan);
                if (shape.engine == StoreEngine.SQLITE) {
                    for (String step : plan) {
                        assertFalse(step.startsWith("SCAN ") && !step.equals("SCAN " + IntervalMeasures.NAME),
                                "a scan in\n" + text);
                    }
                    assertTrue(plan.stream().anyMatch(step -> step.contains(
                            "INDEX interval_report_measure (measure_id=? AND interval_start_epoch_millis>")), text);
                } else {
                    assertFalse(text.contains("Seq Scan on interval_report"), text);
                    // every search of a partition is bounded by what leads its index: the measure, or the start
                    // range where schema 11's start index is kept; never a walk of the whole measure index with only
                    // the start range as its condition
                    for (int i = 0; i < plan.size(); i++) {
                        if (plan.get(i).contains(" on interval_report")) {
                            assertTrue(plan.get(i).contains("Index"), text);
                            String condition = plan.get(i + 1).trim();
                            boolean startIndex = shape.startIndex
                                    && plan.get(i).contains("interval_start_epoch_millis_measure");
                            assertTrue(startIndex ? condition.startsWith("Index Cond: ((interval_start_epoch_millis")
                                    : condition.startsWith("Index Cond: ((measure_id")
                                    || condition.startsWith("Index Cond: (measure_id"), text);
                        }
                    }
                }
            }
        }
    }

    /** A store of this shape holding {@link DailyRollupsTest#ingest}'s seeded ingest. */
    private TestStores seeded(Shape shape) throws Exception {
        TestStores stores = shape.engine.stores(dir);
        stores.open().close();
        if (shape.startIndex) {
            try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
                statement.execute(START_INDEX);
            }
        }
        try (SqliteStore store = stores.open()) {
            DailyRollupsTest.ingest(store, new Random(1212));
        }
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(indexCountSql(shape.engine))) {
            rs.next();
            assertEquals(shape.startIndex ? 1 : 0, rs.getInt(1), "interval_report_start present or not");
        }
        return stores;
    }

    private static String indexCountSql(StoreEngine engine) {
        return engine == StoreEngine.SQLITE
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'interval_report_start'"
                : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'interval_report_start'";
    }

    /** The query's rows, each as its columns joined, sorted; the parameters bound in order. */
    private static List<String> rows(Connection connection, String sql, long[] parameters) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setLong(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(rs.getString(c)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    /** The engine's plan of the query, one line per step, its range parameters a partial day. */
    static List<String> plan(Connection connection, StoreEngine engine, String sql) throws Exception {
        List<String> plan = new ArrayList<>();
        String explain = engine == StoreEngine.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        try (PreparedStatement query = connection.prepareStatement(explain + sql)) {
            int parameters = query.getParameterMetaData().getParameterCount();
            query.setLong(1, FROM + 3_600_000L);
            if (parameters > 1) {
                query.setLong(2, FROM + 5 * 3_600_000L);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    plan.add(engine == StoreEngine.SQLITE ? rs.getString("detail") : rs.getString(1));
                }
            }
        }
        return plan;
    }
}
