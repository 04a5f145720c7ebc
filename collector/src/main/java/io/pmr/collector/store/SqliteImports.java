package io.pmr.collector.store;

import io.pmr.collector.imports.ImportBatch;
import io.pmr.collector.imports.ImportCodec;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
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

/**
 * The import tables' SQL. Not thread-safe and never commits: used inside {@link SqliteStore}'s lock, which owns the
 * transaction.
 */
final class SqliteImports {
    private final Connection connection;

    SqliteImports(Connection connection) {
        this.connection = connection;
    }

    ImportOutcome store(ImportBatch batch, long importedAtEpochMillis) throws SQLException {
        long importId;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO import_run (kind, file, sha256,"
                + " imported_epoch_millis, rows, changed_rows) VALUES (?, ?, ?, ?, ?, 0)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, batch.kind().code());
            insert.setString(2, batch.file());
            insert.setString(3, batch.sha256());
            insert.setLong(4, importedAtEpochMillis);
            insert.setInt(5, batch.rows().size());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                importId = keys.getLong(1);
            }
        }
        int added = 0;
        int corrected = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT row_values FROM import_row"
                + " WHERE kind = ? AND natural_key = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO import_row (kind, natural_key,"
                        + " row_values, import_id, line) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement keep = connection.prepareStatement("INSERT INTO import_row_history (kind,"
                        + " natural_key, row_values, import_id, line, replaced_by_import_id)"
                        + " SELECT kind, natural_key, row_values, import_id, line, ? FROM import_row"
                        + " WHERE kind = ? AND natural_key = ?");
                PreparedStatement replace = connection.prepareStatement("UPDATE import_row SET row_values = ?,"
                        + " import_id = ?, line = ? WHERE kind = ? AND natural_key = ?")) {
            String kind = batch.kind().code();
            for (ImportRow row : batch.rows()) {
                select.setString(1, kind);
                select.setString(2, row.naturalKey());
                String stored = null;
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        stored = rs.getString(1);
                    }
                }
                if (stored == null) {
                    insert.setString(1, kind);
                    insert.setString(2, row.naturalKey());
                    insert.setString(3, row.values());
                    insert.setLong(4, importId);
                    insert.setInt(5, row.lineNumber());
                    insert.executeUpdate();
                    added++;
                } else if (!stored.equals(row.values())) {
                    keep.setLong(1, importId);
                    keep.setString(2, kind);
                    keep.setString(3, row.naturalKey());
                    keep.executeUpdate();
                    replace.setString(1, row.values());
                    replace.setLong(2, importId);
                    replace.setInt(3, row.lineNumber());
                    replace.setString(4, kind);
                    replace.setString(5, row.naturalKey());
                    replace.executeUpdate();
                    corrected++;
                }
            }
        }
        int changed = added + corrected;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE import_run SET changed_rows = ? WHERE import_id = ?")) {
            update.setInt(1, changed);
            update.setLong(2, importId);
            update.executeUpdate();
        }
        ImportRecord record = new ImportRecord(importId, batch.kind().code(), batch.file(), batch.sha256(),
                importedAtEpochMillis, batch.rows().size(), changed);
        return new ImportOutcome(record, added, corrected, batch.rows().size() - changed);
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
