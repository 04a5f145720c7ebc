package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pmr collector compact}: drops from a SQLite file what an older schema created and the current one never
 * reads, so an upgraded file costs the ingest writer what a new one does. Today that is schema 11's index led by the
 * start, {@code interval_report_start} ({@link SqliteSchema#VERSION}: the step to 12 keeps it, because dropping an
 * index of hundreds of millions of entries frees every one of its pages, too long a wait while a collector opens).
 * Nothing the figures read changes: every query of schema 12 answers the same with or without it
 * ({@code IntervalMeasureReadsTest}). A file created at schema 10 or earlier also keeps interval_report's primary key;
 * SQLite removes a key only by rebuilding the table, which this does not do: {@link Findings#keepsMinuteRowKey} says
 * so. PostgreSQL's migration V12 dropped the index already, so there is nothing to compact there.
 *
 * <p>Each call is one transaction on the store's connection. The caller holds the collector's lock on the file
 * ({@link StoreLock}), so no collector ingests meanwhile. Stateless.
 */
public final class SchemaCompaction {
    /** Indexes an older SQLite schema created that no query of the current one needs. */
    static final List<String> OBSOLETE_INDEXES = List.of("interval_report_start");
    /** The name SQLite gives the index of interval_report's primary key (files created at schema 10 or earlier). */
    static final String MINUTE_ROW_KEY = "sqlite_autoindex_interval_report_1";

    private SchemaCompaction() {
    }

    /**
     * What a file holds of older schemas.
     *
     * @param obsoleteIndexes the obsolete indexes present (or, after {@link #compact}, the ones dropped)
     * @param keepsMinuteRowKey whether interval_report still has schema 10's primary key (left as it is)
     */
    public record Findings(List<String> obsoleteIndexes, boolean keepsMinuteRowKey) {
        public Findings {
            obsoleteIndexes = List.copyOf(obsoleteIndexes);
        }
    }

    /**
     * Lists what older schemas left in the file. Reads only.
     *
     * @throws StoreException when the store is PostgreSQL (nothing to compact: V12 did it) or the read failed
     */
    public static Findings inspect(SqliteStore store) {
        return store.onConnection("listing what older schemas left", connection -> () -> findings(connection));
    }

    /**
     * Drops the obsolete indexes present, in one transaction, and returns what was dropped. Freed pages stay in the
     * file for later rows (SQLite's free list); the file does not shrink.
     *
     * @throws StoreException when the store is PostgreSQL or the drop failed (nothing is changed then)
     */
    public static Findings compact(SqliteStore store) {
        // a change to the file, so on the store's writing path (its onConnection is for reads only)
        return store.writingOnConnection("dropping what older schemas left", connection -> () -> {
            Findings found = findings(connection);
            try (Statement statement = connection.createStatement()) {
                for (String index : found.obsoleteIndexes()) {
                    statement.execute("DROP INDEX " + index); // a name of OBSOLETE_INDEXES, never input
                }
            }
            return found;
        });
    }

    private static Findings findings(Connection connection) throws SQLException {
        if (!"SQLite".equals(connection.getMetaData().getDatabaseProductName())) {
            throw new StoreException("nothing to compact on PostgreSQL: its migration V12 dropped "
                    + OBSOLETE_INDEXES + " already");
        }
        List<String> present = new ArrayList<>();
        try (PreparedStatement index = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?")) {
            for (String name : OBSOLETE_INDEXES) {
                if (exists(index, name)) {
                    present.add(name);
                }
            }
            return new Findings(present, exists(index, MINUTE_ROW_KEY));
        }
    }

    private static boolean exists(PreparedStatement index, String name) throws SQLException {
        index.setString(1, name);
        try (ResultSet rs = index.executeQuery()) {
            return rs.next();
        }
    }
}
