package io.pmr.collector.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the SQLite connection of a {@link SqliteStore}: refuses an emptied or foreign file ({@link SqliteFileChecks}),
 * sets WAL, {@code synchronous=FULL}, the busy timeout and a page cache of {@link #PAGE_CACHE_KIB}, creates or migrates the schema ({@link SqliteSchema}) and
 * leaves the connection in manual-commit mode. Failures are a {@link StoreException} naming the file; a damaged file
 * gets the same words as one {@link SqliteStore#verifyIntegrity()} finds damaged.
 */
final class SqliteConnections {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteConnections.class);
    /** SQLite's page cache of the store's connection, in KiB (native memory, at most this much). */
    static final int PAGE_CACHE_KIB = 64 * 1024;

    private SqliteConnections() {
    }

    /**
     * The driver's settings: JDBC generated keys off. With them on (sqlite-jdbc's default), every INSERT run through
     * {@code executeUpdate} also matches the SQL against a pattern and prepares, runs and finalizes a fresh
     * {@code SELECT last_insert_rowid()}: about a sixth of the ingest writer's time. The two inserts that need their
     * new id ask with {@code RETURNING} (SQLite 3.35 and PostgreSQL alike).
     */
    static java.util.Properties withoutGeneratedKeys() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        return properties;
    }

    static Connection open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean existed = SqliteFileChecks.existingNotEmpty(file);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                    withoutGeneratedKeys());
            try {
                try (Statement statement = connection.createStatement()) {
                    if (existed) {
                        SqliteFileChecks.refuseForeign(file, statement);
                        SqliteFileChecks.refuseNewer(file, statement);
                    }
                    statement.execute("PRAGMA journal_mode=WAL");
                    statement.execute("PRAGMA synchronous=FULL");
                    statement.execute("PRAGMA busy_timeout=10000");
                    // SQLite's default page cache is 2 MB: the ingest writer's pages (the day's rollup and total rows,
                    // kilobytes each with their overflow pages, rewritten every batch, and the index leaves the minute
                    // rows go to) did not fit, and it read them back from the OS with a read() each
                    statement.execute("PRAGMA cache_size=-" + PAGE_CACHE_KIB);
                    createSchema(statement);
                }
                connection.setAutoCommit(false);
                LOG.info("Opened store {} (SQLite WAL, synchronous=FULL, page cache {} MiB)", file,
                        PAGE_CACHE_KIB / 1024);
                return connection;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB")) {
                // the same words whether the damage shows while opening or in the integrity check
                throw new StoreException("database " + file + " is damaged or not a database (" + message
                        + "). Restore it from a backup", e);
            }
            throw new StoreException("cannot open SQLite store " + file + ": " + message, e);
        } catch (IOException e) {
            throw new StoreException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates what a new file lacks ({@link SqliteSchema#DDL}: {@code IF NOT EXISTS}, so an older file's tables stay as
     * they are), adds missing columns, back-fills what an older version did not keep, and records
     * {@link SqliteSchema#VERSION}. The steps from 10 to 11 and from 11 to 12 only record the version: a file created
     * at 10 or earlier keeps interval_report's primary key (SQLite drops a key only by rebuilding the table, hundreds
     * of millions of rows in a year of a thousand agents), one created at 11 or earlier its interval_report_start
     * index (dropping it would free every page of it while the collector opens), and every query answers the same
     * with or without them.
     */
    private static void createSchema(Statement statement) throws SQLException {
        for (String ddl : SqliteSchema.DDL) {
            statement.execute(ddl);
        }
        migrate(statement);
        for (String ddl : SqliteSchema.AFTER_MIGRATIONS) {
            statement.execute(ddl);
        }
        long previous = 0;
        try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            previous = rs.next() ? rs.getLong(1) : 0; // NULL (a new file) reads as 0
        }
        if (previous == 0) {
            statement.execute("INSERT INTO schema_version VALUES (" + SqliteSchema.VERSION + ")");
        } else if (previous < SqliteSchema.ROLLUPS_SINCE) {
            backfill(statement, previous, "daily rollups back-filled from the minute rows", RollupAudit::rewrite);
        } else if (previous < SqliteSchema.TOTALS_SINCE) {
            backfill(statement, previous, "daily totals back-filled from the daily rollups", connection -> {
                long rows = RollupAudit.rewriteTotalsFromRollups(connection);
                RollupAudit.rewriteDerivedFromRollups(connection); // version 8 lacks first_data and agent_day too
                return rows;
            });
        } else if (previous < SqliteSchema.DERIVED_SINCE) {
            backfill(statement, previous, "first data and agent day rows back-filled from the daily rollups",
                    RollupAudit::rewriteDerivedFromRollups);
        }
        // the DDL above has just brought an older database up to this version (10 to 11 and 11 to 12: nothing to do
        // but record it)
        statement.execute("UPDATE schema_version SET version = " + SqliteSchema.VERSION + " WHERE version < "
                + SqliteSchema.VERSION);
    }

    /** A back-fill of rows an older version did not keep, from what it did; returns the rows written. */
    private interface Backfill {
        long rewrite(Connection connection) throws SQLException;
    }

    /**
     * Runs a back-fill and records the new version in one transaction: a crash part-way leaves the old version, so the
     * next open starts again (each rewrite deletes what a failed attempt left). Daily rollups and totals from the
     * minute rows of a database older than {@link SqliteSchema#ROLLUPS_SINCE}; daily totals, first_data and agent_day
     * from the daily rollups of one older than {@link SqliteSchema#TOTALS_SINCE}; first_data and agent_day from the
     * daily rollups and device records of one older than {@link SqliteSchema#DERIVED_SINCE}.
     *
     * @param written what the rows written are, for the log line
     */
    private static void backfill(Statement statement, long previous, String written, Backfill work)
            throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        try {
            long rows = work.rewrite(statement.getConnection());
            statement.execute("UPDATE schema_version SET version = " + SqliteSchema.VERSION);
            statement.execute("COMMIT");
            LOG.info("Migrated store from version {} to {}: {} {}", previous, SqliteSchema.VERSION, rows, written);
        } catch (SQLException | RuntimeException e) {
            statement.execute("ROLLBACK");
            throw e;
        }
    }

    /** Adds the columns an older database lacks ({@link SqliteSchema#MIGRATIONS}). */
    private static void migrate(Statement statement) throws SQLException {
        for (SqliteSchema.AddedColumn added : SqliteSchema.MIGRATIONS) {
            boolean present = false;
            try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + added.table() + ")")) {
                while (columns.next()) {
                    present |= added.column().equalsIgnoreCase(columns.getString("name"));
                }
            }
            if (!present) {
                statement.execute("ALTER TABLE " + added.table() + " ADD COLUMN " + added.definition());
                LOG.info("Migrated store: added {}.{}", added.table(), added.column());
            }
        }
    }
}
