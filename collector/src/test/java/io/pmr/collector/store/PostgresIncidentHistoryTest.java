package io.pmr.collector.store;

import org.junit.jupiter.api.BeforeEach;

/** {@link SqliteIncidentHistoryTest} on PostgreSQL (a throw-away cluster's database per test). */
class PostgresIncidentHistoryTest extends SqliteIncidentHistoryTest {
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
