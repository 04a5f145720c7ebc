package io.pmr.collector.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One test's databases on one {@link StoreEngine}: the database called a name is made empty at its first use and the
 * same one afterwards, so a store reopened on it sees what the last one committed, and two stores open on it at once
 * are two collectors sharing it. Not thread-safe: the test's own thread asks for its databases.
 */
final class TestStores {
    /** The name of the test's database when it has only one. */
    static final String DEFAULT = "pmr";

    private final StoreEngine engine;
    private final Path dir;
    private final Map<String, StoreLocation> databases = new HashMap<>();

    TestStores(StoreEngine engine, Path dir) {
        this.engine = engine;
        this.dir = dir;
    }

    /** The location of the test's database. */
    StoreLocation location() {
        return location(DEFAULT);
    }

    /** The location of the database called {@code name}, made at the first call with that name. */
    StoreLocation location(String name) {
        return databases.computeIfAbsent(name, unused -> engine.newDatabase(dir, name));
    }

    /** A new store on the test's database (each call another connection to the same one). */
    SqliteStore open() {
        return open(DEFAULT);
    }

    /** A new store on the database called {@code name}. */
    SqliteStore open(String name) {
        return SqliteStore.open(location(name));
    }

    /** A plain JDBC connection (auto-commit) to the test's database. */
    Connection connect() throws SQLException {
        return connect(DEFAULT);
    }

    /** A plain JDBC connection (auto-commit) to the database called {@code name}. */
    Connection connect(String name) throws SQLException {
        return StoreEngine.connect(location(name));
    }
}
