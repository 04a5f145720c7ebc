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
 * PostgreSQL's schema step 11 on a version 10 database holding minute rows in two month partitions: V11 drops
 * interval_report's primary key and its (agent_id, boot_epoch) index from the table and every partition, keeps every
 * row, and the store then still finds a reinstall's replay of a minute stored before the step (the probe reads the
 * envelope key) and takes a copy for a duplicate. {@link IntervalReportShapesTest} compares the whole ingest.
 */
class PostgresSchema11Test {
    private static final long OLD = 1L << 40;
    private static final long NEW = (1L << 40) + 12_345;

    /**
     * Makes a database of this build a version 10 one again: step 12 undone ({@link PostgresSchema12Test#undoStep12}),
     * interval_report's key and agent index as V9 made them, and Flyway's history without steps 11 and 12, so that the
     * next open applies them.
     */
    static void undoStep11(Statement statement) throws SQLException {
        PostgresSchema12Test.undoStep12(statement);
        statement.execute("ALTER TABLE interval_report ADD CONSTRAINT interval_report_pkey"
                + " PRIMARY KEY (agent_id, boot_epoch, sequence, ordinal, interval_start_epoch_millis)");
        statement.execute("CREATE INDEX interval_report_agent ON interval_report (agent_id, boot_epoch)");
        statement.execute("DELETE FROM flyway_schema_history WHERE version = '11'");
    }

    @Test
    void step11DropsTheKeyFromEveryPartitionKeepsTheRowsAndReplaysAreStillFound() throws Exception {
        StoreLocation location = StoreEngine.newPostgresDatabase();
        long august = millis("2020-08-15T10:00:00Z");
        long september = millis("2020-09-01T10:00:00Z");
        IntervalReport a = interval("CSPN/PM4.3", august, 25_000, 5, 5);
        IntervalReport b = interval("CSPN/PM4.3", september, 25_000, 3, 2);
        try (SqliteStore store = SqliteStore.open(location)) {
            store.write(List.of(new StoreWrite.Accept(intervals("agent-d", OLD, 1, a, b), 0)));
        }
        try (Connection connection = StoreEngine.connect(location); Statement statement = connection.createStatement()) {
            undoStep11(statement);
            assertEquals(List.of("interval_report_2020_08_agent_id_boot_epoch_idx",
                    "interval_report_2020_08_pkey", "interval_report_2020_09_agent_id_boot_epoch_idx",
                    "interval_report_2020_09_pkey", "interval_report_agent", "interval_report_pkey"),
                    keyIndexes(statement), "a version 10 database's key and agent index, on the table and partitions");
        }
        try (SqliteStore store = SqliteStore.open(location)) {
            // the reinstall sends b again: a replay of a row stored before step 11
            store.write(List.of(new StoreWrite.Accept(intervals("agent-d", NEW, 1, b), 0)));
            assertEquals(List.of(WriteOutcome.DUPLICATE),
                    store.write(List.of(new StoreWrite.Accept(intervals("agent-d", OLD, 1, a, b), 0))));
            assertEquals(new MeasureCounts(5 + 3, 5 + 2, 1, 0),
                    store.periodData(august, september + 3_600_000).counts().get("CSPN/PM4.3"));
        }
        try (Connection connection = StoreEngine.connect(location); Statement statement = connection.createStatement()) {
            assertEquals(List.of(), keyIndexes(statement));
            try (ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM interval_report),"
                    + " (SELECT count(*) FROM replayed_interval),"
                    + " (SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL)")) {
                rs.next();
                assertEquals(List.of("2", "1", "9,10,10.1,11,12"),
                        List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
    }

    /** interval_report's and its partitions' indexes other than those on the start and on rowid. */
    private static List<String> keyIndexes(Statement statement) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename LIKE"
                + " 'interval\\_report%' AND indexdef NOT LIKE '%(interval_start_epoch_millis, measure_id)'"
                + " AND indexdef NOT LIKE '%(measure_id, interval_start_epoch_millis)'"
                + " AND indexdef NOT LIKE '%(rowid)' ORDER BY indexname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
