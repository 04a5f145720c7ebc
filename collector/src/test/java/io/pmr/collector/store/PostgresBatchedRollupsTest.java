package io.pmr.collector.store;

import io.pmr.testkit.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;

/** {@link BatchedRollupsTest} on PostgreSQL: one database per store name, on the throw-away cluster. */
class PostgresBatchedRollupsTest extends BatchedRollupsTest {
    private final Map<String, String> databases = new HashMap<>();

    private String database(String name) {
        return databases.computeIfAbsent(name, unused -> PostgresCluster.shared().createDatabase());
    }

    @Override
    SqliteStore openStore(String name) {
        return SqliteStore.open(PostgresStoreTest.location(PostgresCluster.shared(), database(name)));
    }

    @Override
    Connection connect(String name) throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        return DriverManager.getConnection(cluster.jdbcUrl(database(name)), cluster.credentials());
    }
}
