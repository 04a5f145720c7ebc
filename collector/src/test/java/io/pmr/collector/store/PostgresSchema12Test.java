package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.data.MeasureCounts;
import io.pmr.proto.v1.IntervalReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's schema step 12 on a version 11 database holding minute rows in two month partitions: V12 drops
 * interval_report_start from the table and every partition, keeps every row, and the all-measure reads (a partial
 * day's sums, the first month with data) answer as before. {@link IntervalReportShapesTest} compares the whole ingest,
 * {@link IntervalMeasureReadsTest} the rewritten reads and their plans.
 */
class PostgresSchema12Test {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final String PM12 = "DSP/PM1.2";

    /**
     * Makes a database of this build a version 11 one again: interval_report_start as V9 made it (on the partitioned
     * table, so on every partition), and Flyway's history without step 12, so that the next open applies it.
     */
    static void undoStep12(Statement statement) throws SQLException {
        statement.execute("CREATE INDEX interval_report_start ON interval_report (interval_start_epoch_millis,"
                + " measure_id)");
        statement.execute("DELETE FROM flyway_schema_history WHERE version = '12'");
    }

    @Test
    void step12DropsTheStartIndexFromEveryPartitionKeepsTheRowsAndTheReadsAnswerAlike() throws Exception {
        StoreLocation location = StoreEngine.newPostgresDatabase();
        long august = millis("2020-08-15T10:00:00Z");
        long september = millis("2020-09-01T10:00:00Z");
        IntervalReport a = interval(RTT4, august, 25_000, 5, 5);
        IntervalReport b = interval(PM12, august + 60_000, 25_000, 4, 4);
        IntervalReport c = interval(RTT4, september, 25_000, 3, 2);
        try (SqliteStore store = SqliteStore.open(location)) {
            store.write(List.of(new StoreWrite.Accept(intervals("agent-d", 1, 1, a, b, c), 0)));
        }
        try (Connection connection = StoreEngine.connect(location); Statement statement = connection.createStatement()) {
            undoStep12(statement);
            assertEquals(List.of("interval_report_2020_08_interval_start_epoch_millis_measure_idx",
                    "interval_report_2020_09_interval_start_epoch_millis_measure_idx", "interval_report_start"),
                    startIndexes(statement), "a version 11 database's start index, on the table and partitions");
        }
        try (SqliteStore store = SqliteStore.open(location)) {
            assertEquals(new MeasureCounts(5 + 3, 5 + 2, 1, 0),
                    store.periodData(august - 3_600_000, september + 3_600_000).counts().get(RTT4));
            assertEquals(new MeasureCounts(4, 4, 0, 0),
                    store.periodData(august - 3_600_000, august + 3_600_000).counts().get(PM12));
        }
        try (Connection connection = StoreEngine.connect(location); Statement statement = connection.createStatement()) {
            assertEquals(List.of(), startIndexes(statement));
            try (ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM interval_report),"
                    + " (SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL)")) {
                rs.next();
                assertEquals(List.of("3", "9,10,10.1,11,12"), List.of(rs.getString(1), rs.getString(2)));
            }
        }
        try (SqliteActivityReader reader = SqliteActivityReader.open(location)) {
            assertEquals(java.util.Set.of(java.time.YearMonth.of(2020, 8), java.time.YearMonth.of(2020, 9)),
                    reader.periodsWithData());
        }
    }

    /** interval_report's and its partitions' indexes led by the start. */
    private static List<String> startIndexes(Statement statement) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename LIKE"
                + " 'interval\\_report%' AND indexdef LIKE '%(interval_start_epoch_millis, measure_id)'"
                + " ORDER BY indexname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
