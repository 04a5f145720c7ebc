package io.pmr.collector.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SQLite store checks of its file before trusting it: a damaged or foreign file is refused with a message
 * naming it, never opened as if it were a new, empty store (which would report a month of zeros as final).
 */
final class SqliteFileChecks {
    private SqliteFileChecks() {
    }

    /**
     * True when the file exists (and is not empty), false when it does not exist yet.
     *
     * @throws StoreException for an existing empty file: SQLite would take it for a new database
     */
    static boolean existingNotEmpty(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        if (Files.size(file) == 0) {
            throw new StoreException("database " + file + " is an empty file, not a pmr store (truncated or"
                    + " zeroed?): refusing to open it as if it were new. Restore it from a backup, or delete it to"
                    + " start an empty store");
        }
        return true;
    }

    /** An existing SQLite file with tables but without pmr's {@code schema_version} belongs to something else. */
    static void refuseForeign(Path file, Statement statement) throws SQLException {
        int tables = 0;
        boolean ours = false;
        try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables++;
                ours |= "schema_version".equals(rs.getString(1));
            }
        }
        if (tables > 0 && !ours) {
            throw new StoreException("database " + file + " is a SQLite file of something else (" + tables
                    + " tables, none of them pmr's schema_version): refusing to add pmr's tables to it");
        }
    }

    /**
     * A pmr store of a newer schema than this build's is refused before anything touches it: this build's DDL and
     * migrations would alter it, and its writes would leave out what the newer version keeps (rows it reads back).
     */
    static void refuseNewer(Path file, Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            if (!rs.next()) {
                return; // a SQLite file without tables: refuseForeign let it through, it becomes a new store
            }
        }
        long stored;
        try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            stored = rs.next() ? rs.getLong(1) : 0;
        }
        if (stored > SqliteSchema.VERSION) {
            throw new StoreException("database " + file + " is at schema version " + stored + ", newer than this pmr's "
                    + SqliteSchema.VERSION + ": open it with the pmr that wrote it or a newer one");
        }
    }

    /** {@code PRAGMA quick_check}, the first five problems named; commits the read transaction. */
    static void quickCheck(Path file, Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA quick_check(5)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        connection.commit();
        if (!(problems.size() == 1 && "ok".equals(problems.get(0)))) {
            throw new StoreException("database " + file + " is damaged: " + String.join("; ", problems)
                    + ". Restore it from a backup");
        }
    }
}
