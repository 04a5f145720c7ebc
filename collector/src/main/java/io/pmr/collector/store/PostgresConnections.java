package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the PostgreSQL connection of a {@link SqliteStore}: brings the database's schema to this build's version with
 * Flyway (the SQL migrations under {@code db/pmr/postgresql}; Flyway holds a PostgreSQL advisory lock while it
 * migrates, so collectors starting together apply each step once) and leaves the connection in manual-commit mode at
 * REPEATABLE READ: a report's reads are one snapshot, as in SQLite. Write batches of several collectors take turns
 * ({@link Dialect#beginWrite}); should one still race another (an import, a rebuild), it fails with a serialization
 * error instead of losing an addition, and {@link SqliteStore#write} runs it again. A database whose schema is newer
 * than this build, or whose applied migrations differ from this build's, is refused. Failures are a
 * {@link StoreException} naming the database (never its password).
 */
final class PostgresConnections {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnections.class);
    /**
     * Flyway's location of the SQL schema steps; {@code VN__...} is SQLite's schema version N (docs/architecture.md).
     * Steps that run Java code (a back-fill through the code SQLite's migration uses) are given to Flyway as objects,
     * numbered N.1 after their SQL step: {@link PostgresDerivedBackfill}.
     */
    static final String MIGRATIONS = "classpath:db/pmr/postgresql";

    private PostgresConnections() {
    }

    /**
     * The driver's error when Flyway could not connect at all (SQLState class 08, connection; 28, authorisation; 3D000,
     * no such database), else null.
     */
    private static SQLException connectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getMessage() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                    || sql.getSQLState().equals("3D000"))) {
                return sql;
            }
        }
        return null;
    }

    static Connection open(StoreLocation.Postgres location) {
        PGSimpleDataSource source = dataSource(location);
        try {
            MigrateResult result = Flyway.configure().dataSource(source).locations(MIGRATIONS)
                    .javaMigrations(new PostgresDerivedBackfill()).failOnMissingLocations(true).load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Migrated store {} from schema {} to {} ({} steps)", location.display(),
                        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            SQLException unreachable = connectionFailure(e);
            if (unreachable != null) {
                // Flyway's message is a multi-line dump under "unable to obtain connection": say it in one line
                throw new StoreException("cannot connect to PostgreSQL store " + location.display() + ": "
                        + unreachable.getMessage().strip().replaceAll("\\s*\\R\\s*", " "), e);
            }
            throw new StoreException("cannot bring the schema of PostgreSQL store " + location.display()
                    + " to this version: " + e.getMessage(), e);
        }
        try {
            Connection connection = source.getConnection();
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            LOG.info("Opened store {} (PostgreSQL, repeatable read)", location.display());
            return connection;
        } catch (SQLException e) {
            throw new StoreException("cannot open PostgreSQL store " + location.display() + ": " + e.getMessage(), e);
        }
    }

    /** A plain connection in auto-commit mode to a database whose schema is already made (a bulk load's). */
    static Connection openPlain(StoreLocation.Postgres location) throws SQLException {
        return dataSource(location).getConnection();
    }

    /** A read-only connection (the API's activity reads), each transaction one snapshot. */
    static Connection openReadOnly(StoreLocation.Postgres location) throws SQLException {
        Connection connection = dataSource(location).getConnection();
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static PGSimpleDataSource dataSource(StoreLocation.Postgres location) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(location.jdbcUrl());
        source.setUser(location.user());
        if (location.password() != null) {
            source.setPassword(location.password());
        }
        source.setApplicationName("pmr-collector");
        // one multi-row INSERT per batch instead of a round trip per row (the ingest's batches are its unit of work)
        source.setReWriteBatchedInserts(true);
        return source;
    }
}
