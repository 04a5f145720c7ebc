package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DerivedRowsContractTest} on a SQLite file, plus what is SQLite's own: the version 9 file's
 * {@code schema_version} after its back-fill, the query plans of ingest's read-back and of the back-fill's pass, and
 * rollups out of agent order refused.
 */
class DerivedRowsTest extends DerivedRowsContractTest {
    DerivedRowsTest(@TempDir Path dir) {
        super(StoreEngine.SQLITE, dir);
    }

    @Override
    void downgradeToVersion9() throws Exception {
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE first_data");
            statement.execute("DROP TABLE agent_day");
            statement.execute("UPDATE schema_version SET version = 9");
        }
    }

    @Test
    void aVersion9FileRecordsTheNewVersionWithItsBackFill() throws Exception {
        migrateASeededVersion9Database();
        try (Connection connection = stores.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(SqliteSchema.VERSION, rs.getInt(1));
        }
    }

    @Test
    void ingestReadsBackADaysScopesAndItsAgentDayByPrimaryKey() throws Exception {
        try (SqliteStore store = stores.open()) {
            DailyRollupsTest.ingest(store, new Random(17));
        }
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
            String scopes = plan(statement, "SELECT minutes FROM daily_rollup WHERE measure_id = 'CSPN/PM4.3'"
                    + " AND day_start_epoch_millis = 1 AND agent_id = 'agent-a'");
            assertTrue(scopes.contains("SEARCH daily_rollup USING PRIMARY KEY") && !scopes.contains("SCAN"), scopes);
            String day = plan(statement, "SELECT measure_minutes FROM agent_day WHERE day_start_epoch_millis = 1"
                    + " AND agent_id = 'agent-a'");
            assertTrue(day.contains("SEARCH agent_day USING") && !day.contains("SCAN"), day);
            // the v10 back-fill streams agent by agent in an index's order: no sort of every rollup
            String backfill = plan(statement, DerivedRows.STORED_MINUTES_SQL);
            assertTrue(backfill.contains("daily_rollup_agent") && !backfill.contains("TEMP B-TREE"), backfill);
            String generation = plan(statement, SourceCache.GENERATION_SQL);
            assertTrue(generation.contains("SEARCH source_generation") && !generation.contains("SCAN"), generation);
        }
    }

    @Test
    void rollupsOutOfAgentOrderAreRefusedNotMiscounted() throws Exception {
        stores.open().close(); // the schema only
        long[] minutes = new long[RollupCodec.MINUTE_WORDS];
        minutes[0] = 1;
        try (Connection connection = stores.connect();
                DerivedRows rows = DerivedRows.checking(connection, 10, new java.util.ArrayList<>())) {
            rows.addRollup("agent-b", "CSPN/PM4.3", 0, minutes);
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> rows.addRollup("agent-a", "CSPN/PM4.3", 0, minutes));
            assertTrue(e.getMessage().contains("'agent-a' after 'agent-b'"), e.getMessage());
        }
    }

    private static String plan(Statement statement, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(4)).append('\n');
            }
        }
        return plan.toString();
    }
}
