package io.pmr.collector.imports;

import java.util.List;
import java.util.Objects;

/**
 * A whole import file, parsed and checked: every row good, no natural key twice. What the store stores in one
 * transaction.
 *
 * @param kind   what the file holds
 * @param file   the file name as given
 * @param sha256 hex SHA-256 of the file's bytes
 * @param rows   the data rows in file order
 * @param data   the same rows as records (their sources carry import id 0: the store assigns the real one)
 */
public record ImportBatch(ImportKind kind, String file, String sha256, List<ImportRow> rows, ImportedData data) {
    public ImportBatch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(data, "data");
        rows = List.copyOf(rows);
    }
}
