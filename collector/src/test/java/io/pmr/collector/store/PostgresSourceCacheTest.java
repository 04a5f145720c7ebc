package io.pmr.collector.store;

import org.junit.jupiter.api.BeforeEach;

/**
 * {@link SourceCacheTest} on PostgreSQL: two stores on one database are two collectors sharing it (issue 15's
 * {@code --shared}); a commit by either is seen by the other's next read.
 */
class PostgresSourceCacheTest extends SourceCacheTest {
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
