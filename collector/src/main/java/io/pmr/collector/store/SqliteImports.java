package io.pmr.collector.store;

import io.pmr.collector.imports.ImportCodec;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportProblems;
import io.pmr.collector.imports.ImportRecord;
import io.pmr.collector.imports.ImportRow;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.StoredImportRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The import tables' SQL. Not thread-safe and never commits: used inside {@link SqliteStore}'s lock, which owns the
 * transaction. An import is staged in a TEMP table chunk by chunk ({@link StagedImport}), then merged in one
 * transaction: all of the file or none of it.
 */
final class SqliteImports {
    /** Names each import's staging table: two imports may stage at once on the store's one connection. */
    private static final AtomicLong STAGES = new AtomicLong();
    private final Connection connection;

    SqliteImports(Connection connection) {
        this.connection = connection;
    }

    /**
     * Creates an empty staging table for one import: a TEMP table, so it lives in SQLite's temporary file of this
     * connection (never in the database file: a killed process leaves nothing of it), and its primary key finds a key
     * repeated within the file.
     */
    String createStage() throws SQLException {
        String table = "import_stage_" + STAGES.incrementAndGet();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + table + " (natural_key TEXT PRIMARY KEY, row_values TEXT NOT NULL,"
                    + " line INTEGER NOT NULL)");
        }
        return table;
    }

    /** Stages rows in file order; a key already staged is reported on {@code problems} and not staged again. */
    void stage(String table, List<ImportRow> rows, ImportProblems problems) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                + " (natural_key, row_values, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                PreparedStatement first = connection.prepareStatement("SELECT line FROM " + table
                        + " WHERE natural_key = ?")) {
            for (ImportRow row : rows) {
                insert.setString(1, row.naturalKey());
                insert.setString(2, row.values());
                insert.setInt(3, row.lineNumber());
                if (insert.executeUpdate() == 0) {
                    first.setString(1, row.naturalKey());
                    try (ResultSet rs = first.executeQuery()) {
                        rs.next();
                        problems.duplicateKey(row.lineNumber(), rs.getInt(1), row.naturalKey());
                    }
                }
            }
        }
    }

    /**
     * Stores the staged rows as one import run: new keys inserted, changed values replacing the current row (which
     * goes to history), equal values left alone. Set-based SQL, so the Java heap does not grow with the file.
     */
    ImportOutcome merge(String table, ImportKind kind, String file, String sha256, int rows,
            long importedAtEpochMillis) throws SQLException {
        long importId;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO import_run (kind, file, sha256,"
                + " imported_epoch_millis, rows, changed_rows) VALUES (?, ?, ?, ?, ?, 0) RETURNING import_id")) {
            insert.setString(1, kind.code());
            insert.setString(2, file);
            insert.setString(3, sha256);
            insert.setLong(4, importedAtEpochMillis);
            insert.setInt(5, rows);
            // RETURNING, not JDBC's generated keys: the SQLite connection has them off (see SqliteConnections.open)
            try (ResultSet keys = insert.executeQuery()) {
                keys.next();
                importId = keys.getLong(1);
            }
        }
        String stage = table; // a TEMP table: found before any table of the database (both engines)
        int corrected = update("INSERT INTO import_row_history (kind, natural_key, row_values, import_id, line,"
                + " replaced_by_import_id) SELECT r.kind, r.natural_key, r.row_values, r.import_id, r.line, ?1"
                + " FROM " + stage + " s JOIN import_row r ON r.kind = ?2 AND r.natural_key = s.natural_key"
                + " WHERE r.row_values <> s.row_values ORDER BY s.line", importId, kind.code());
        int replaced = update("UPDATE import_row SET row_values = s.row_values, import_id = ?1, line = s.line"
                + " FROM " + stage + " s WHERE import_row.kind = ?2 AND import_row.natural_key = s.natural_key"
                + " AND import_row.row_values <> s.row_values", importId, kind.code());
        if (replaced != corrected) {
            throw new SQLException("import " + file + ": " + corrected + " rows kept in history but " + replaced
                    + " replaced");
        }
        int added = update("INSERT INTO import_row (kind, natural_key, row_values, import_id, line)"
                + " SELECT ?2, s.natural_key, s.row_values, ?1, s.line FROM " + stage + " s WHERE NOT EXISTS"
                + " (SELECT 1 FROM import_row r WHERE r.kind = ?2 AND r.natural_key = s.natural_key) ORDER BY s.line",
                importId, kind.code());
        int changed = added + corrected;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE import_run SET changed_rows = ? WHERE import_id = ?")) {
            update.setInt(1, changed);
            update.setLong(2, importId);
            update.executeUpdate();
        }
        ImportRecord record = new ImportRecord(importId, kind.code(), file, sha256, importedAtEpochMillis, rows,
                changed);
        return new ImportOutcome(record, added, corrected, rows - changed);
    }

    private int update(String sql, long importId, String kind) throws SQLException {
        try (PreparedStatement statement = NumberedParameters.of(sql).prepare(connection, importId, kind)) {
            return statement.executeUpdate();
        }
    }

    /** Drops a staging table (its rows were merged, or the import failed). */
    void dropStage(String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    ImportedData imported() throws SQLException {
        List<StoredImportRow> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT r.kind, r.row_values, i.file, r.line,"
                + " r.import_id FROM import_row r JOIN import_run i ON i.import_id = r.import_id"
                + " ORDER BY r.import_id, r.line");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(new StoredImportRow(ImportKind.parse(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getInt(4), rs.getLong(5)));
            }
        }
        // Earlier versions of incidents: a re-opening is an incident imported again with a later or blank closed_at,
        // and the report lists it with the closures it replaced.
        List<StoredImportRow> replaced = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT h.kind, h.row_values, i.file, h.line,"
                + " h.import_id FROM import_row_history h JOIN import_run i ON i.import_id = h.import_id"
                + " WHERE h.kind = ? ORDER BY h.id")) {
            query.setString(1, ImportKind.INCIDENTS.code());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    replaced.add(new StoredImportRow(ImportKind.INCIDENTS, rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getLong(5)));
                }
            }
        }
        return ImportCodec.assemble(rows, replaced);
    }

    List<ImportRecord> imports() throws SQLException {
        List<ImportRecord> records = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT import_id, kind, file, sha256,"
                + " imported_epoch_millis, rows, changed_rows FROM import_run ORDER BY import_id");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                records.add(new ImportRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getInt(6), rs.getInt(7)));
            }
        }
        return records;
    }

    List<ReplacedImportRow> replacedRows() throws SQLException {
        List<ReplacedImportRow> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT kind, natural_key, row_values, import_id,"
                + " line, replaced_by_import_id FROM import_row_history ORDER BY id");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(new ReplacedImportRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getInt(5), rs.getLong(6)));
            }
        }
        return rows;
    }
}
