package io.pmr.collector.imports;

import java.util.Objects;

/** A current row as the store reads it back, for {@link ImportCodec#assemble}. */
public record StoredImportRow(ImportKind kind, String values, String file, int lineNumber, long importId) {
    public StoredImportRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(file, "file");
    }
}
