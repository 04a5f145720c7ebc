package io.pmr.collector.store;

import org.junit.jupiter.api.BeforeEach;

/** {@link SqliteDownWindowsTest} on PostgreSQL (a throw-away cluster's database per test). */
class PostgresDownWindowsTest extends SqliteDownWindowsTest {
    private StoreLocation location;

    @BeforeEach
    void freshDatabase() {
        location = PostgresStoreTest.freshDatabase();
    }

    @Override
    SqliteStore openStore() {
        return SqliteStore.open(location);
    }
}
