package io.pmr.collector.store;

import io.pmr.testkit.PostgresCluster;
import org.junit.jupiter.api.BeforeEach;

/** {@link SqliteDownWindowsTest} on PostgreSQL (a throw-away cluster's database per test). */
class PostgresDownWindowsTest extends SqliteDownWindowsTest {
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
