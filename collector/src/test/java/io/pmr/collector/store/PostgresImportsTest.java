package io.pmr.collector.store;

import org.junit.jupiter.api.BeforeEach;

/** {@link SqliteImportsTest}'s imports (staged in a TEMP table, merged in one transaction) on PostgreSQL. */
class PostgresImportsTest extends SqliteImportsTest {
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
