package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.testkit.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DerivedRowsContractTest} on PostgreSQL, a fresh database per test; a version 9 database is one whose Flyway
 * history ends at V9 (steps 10 and 10.1 not yet applied), as w3-pg's build left it.
 */
class PostgresDerivedRowsTest extends DerivedRowsContractTest {
    private String database;

    @BeforeEach
    void freshDatabase() {
        database = PostgresCluster.shared().createDatabase();
    }

    @Override
    SqliteStore openStore() {
        return SqliteStore.open(PostgresStoreTest.location(PostgresCluster.shared(), database));
    }

    @Override
    Connection connect() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        return DriverManager.getConnection(cluster.jdbcUrl(database), cluster.credentials());
    }

    @Override
    void downgradeToVersion9() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE first_data");
            statement.execute("DROP TABLE agent_day");
            statement.execute("DROP TABLE source_generation");
            statement.execute("DELETE FROM flyway_schema_history WHERE version IN ('10', '10.1')");
        }
    }

    @Test
    void aVersion9DatabaseGainsSteps10And101InOrder() throws Exception {
        try (SqliteStore store = openStore()) {
            DailyRollupsTest.ingest(store, new Random(3));
        }
        downgradeToVersion9();
        openStore().close();
        List<String> applied = new ArrayList<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                applied.add(rs.getString(1) + (rs.getBoolean(2) ? "" : " failed"));
            }
        }
        assertEquals(List.of("9", "10", "10.1"), applied);
    }
}
