package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DerivedRowsContractTest} on PostgreSQL, a fresh database per test; a version 9 database is one whose Flyway
 * history ends at V9 (steps 10, 10.1 and 11 not yet applied; step 11 undone by {@link PostgresSchema11Test#undoStep11}),
 * as w3-pg's build left it.
 */
class PostgresDerivedRowsTest extends DerivedRowsContractTest {
    PostgresDerivedRowsTest(@TempDir Path dir) {
        super(StoreEngine.POSTGRES, dir);
    }

    @Override
    void downgradeToVersion9() throws Exception {
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE first_data");
            statement.execute("DROP TABLE agent_day");
            statement.execute("DROP TABLE source_generation");
            PostgresSchema11Test.undoStep11(statement);
            statement.execute("DELETE FROM flyway_schema_history WHERE version IN ('10', '10.1')");
        }
    }

    @Test
    void aVersion9DatabaseGainsSteps10And101And11And12InOrder() throws Exception {
        migrateASeededVersion9Database();
        List<String> applied = new ArrayList<>();
        try (Connection connection = stores.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                applied.add(rs.getString(1) + (rs.getBoolean(2) ? "" : " failed"));
            }
        }
        assertEquals(List.of("9", "10", "10.1", "11", "12"), applied);
    }
}
