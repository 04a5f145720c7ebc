package io.pmr.collector.store;

import io.pmr.testkit.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The engines a store runs on, for the store suites that run once per engine ({@code @ParameterizedClass
 * @EnumSource(StoreEngine.class)}): each makes a new, empty database for one test. PostgreSQL's databases are on the
 * JVM's one throw-away cluster ({@link PostgresCluster#shared()}: Debian's binaries, an ephemeral port), started by
 * the first test that needs it.
 */
enum StoreEngine {
    /** A SQLite file in the test's temporary directory. */
    SQLITE {
        @Override
        StoreLocation newDatabase(Path dir, String name) {
            return new StoreLocation.SqliteFile(dir.resolve(name + ".db"));
        }
    },
    /** A new database of the shared throw-away cluster. */
    POSTGRES {
        @Override
        StoreLocation newDatabase(Path dir, String name) {
            return newPostgresDatabase();
        }
    };

    /**
     * A new, empty database called {@code name} (SQLite: a file of {@code dir}; PostgreSQL: a generated name, {@code
     * dir} unused).
     */
    abstract StoreLocation newDatabase(Path dir, String name);

    /** The one test's stores on this engine, their SQLite files (if any) in {@code dir}. */
    TestStores stores(Path dir) {
        return new TestStores(this, dir);
    }

    /** A new, empty database on the shared cluster, for the PostgreSQL-only tests. */
    static StoreLocation newPostgresDatabase() {
        PostgresCluster cluster = PostgresCluster.shared();
        return new StoreLocation.Postgres("127.0.0.1", cluster.port(), cluster.createDatabase(), "", cluster.user(),
                cluster.password());
    }

    /** A plain JDBC connection (auto-commit) to the database at {@code location}, to read its rows as stored. */
    static Connection connect(StoreLocation location) throws SQLException {
        if (location instanceof StoreLocation.Postgres postgres) {
            return DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.shared().credentials());
        }
        Path file = ((StoreLocation.SqliteFile) location).file();
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
