package io.pmr.collector.store;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database engine behind a {@link SqliteStore}, and the few places where its SQL cannot be the same on both: the
 * rest of the store's SQL is written once, in forms both engines take ({@code INSERT ... ON CONFLICT}, {@code UPDATE
 * ... FROM}, {@code IS NOT DISTINCT FROM}, plain {@code ?} parameters). What differs beyond these methods: how a
 * connection is opened and its schema made ({@link SqliteConnections}, {@link PostgresConnections}), minute rows'
 * month partitions ({@link MonthPartitions}, PostgreSQL only) and the integrity check. Stateless.
 */
enum Dialect {
    /** One SQLite file (WAL, synchronous=FULL): the default, for one collector. */
    SQLITE,
    /** A PostgreSQL database: the shared store of several collectors. */
    POSTGRESQL;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dialect.class);

    /** The engine of a store location. */
    static Dialect of(StoreLocation location) {
        return location instanceof StoreLocation.Postgres ? POSTGRESQL : SQLITE;
    }

    /**
     * Opens the location's connection, its schema created or migrated, in manual-commit mode.
     *
     * @throws StoreException naming the location when it cannot be opened
     */
    Connection connect(StoreLocation location) {
        return this == SQLITE ? SqliteConnections.open(((StoreLocation.SqliteFile) location).file())
                : PostgresConnections.open((StoreLocation.Postgres) location);
    }

    /**
     * The start-up integrity check, committing its read: SQLite's {@code quick_check} over the whole file (a read of
     * every page); on PostgreSQL the server guards its own pages (data checksums, {@code pg_amcheck}), so only that the
     * database answers.
     *
     * @throws StoreException naming the file and the problems SQLite found
     */
    void checkIntegrity(String name, Connection connection) throws SQLException {
        if (this == SQLITE) {
            SqliteFileChecks.quickCheck(Path.of(name), connection);
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
        connection.commit();
    }

    /**
     * Begins a write batch, before its first statement. On PostgreSQL it takes a lock that only other writers' batches
     * wait for ({@code SHARE ROW EXCLUSIVE} on {@code daily_total}; reads are not blocked): a batch reads, merges and
     * rewrites its rollup and total rows, so two collectors' batches touching the same UK day would otherwise lose
     * races over and over. Taken as the first statement, so the transaction's REPEATABLE READ snapshot is taken after the
     * previous holder committed. Writers' commits are serialised; their parsing, validation and MQTT run in parallel.
     * Nothing on SQLite (one writer per file).
     */
    void beginWrite(Connection connection) throws SQLException {
        if (this == POSTGRESQL) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE daily_total IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    }

    /**
     * True when a failed transaction lost a race with another writer and may simply run again: PostgreSQL's
     * serialization failure (40001) or deadlock (40P01), also when a JDBC batch wraps it. Never on SQLite, whose one
     * writer per file ({@link StoreLock}) races no one.
     */
    boolean lostRace(SQLException e) {
        if (this == SQLITE) {
            return false;
        }
        String state = e instanceof BatchUpdateException && e.getNextException() != null
                ? e.getNextException().getSQLState() : e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /**
     * Rolls the open transaction back; never throws (the caller is already failing). On some errors (SQLITE_FULL,
     * SQLITE_IOERR) SQLite has already rolled back by itself; sqlite-jdbc's rollback then fails before it begins the
     * next transaction, and every later statement would run in autocommit mode, one statement at a time (an
     * envelope's key stored without its data). So on SQLite the next transaction is begun here; PostgreSQL's driver
     * begins it itself at the next statement.
     */
    void rollback(Connection connection, String name) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback on {} failed ({}); beginning the next transaction", name, e.getMessage());
            if (this != SQLITE) {
                return;
            }
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN");
            } catch (SQLException again) {
                LOG.error("Beginning a transaction on {} failed: {}", name, again.getMessage());
            }
        }
    }

    /**
     * The column in a WHERE term that must not lead the planner to its index: SQLite's unary {@code +} (its documented
     * way); PostgreSQL's planner costs the choice itself, and {@code +text} is no operator there.
     */
    String noIndex(String column) {
        return this == SQLITE ? "+" + column : column;
    }
}
