package io.pmr.collector.store;

import io.pmr.testkit.PostgresCluster;
import org.junit.jupiter.api.BeforeEach;

/** {@link SqliteImportsTest}'s imports (staged in a TEMP table, merged in one transaction) on PostgreSQL. */
class PostgresImportsTest extends SqliteImportsTest {
    private StoreLocation location;

    @BeforeEach
    void freshDatabase() {
        PostgresCluster cluster = PostgresCluster.shared();
        location = PostgresStoreTest.location(cluster, cluster.createDatabase());
    }

    @Override
    SqliteStore openStore() {
        return SqliteStore.open(location);
    }
}
