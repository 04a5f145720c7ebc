package io.pmr.collector.store;

import java.util.Objects;

/**
 * A row a correction replaced, as kept in history.
 *
 * @param kind               the import kind code ({@code incidents}, ...)
 * @param naturalKey         the row's key, canonical text
 * @param values             the replaced values, canonical text (times as UTC instants)
 * @param importId           the import that had stored them
 * @param lineNumber         their line in that import's file
 * @param replacedByImportId the import whose row replaced them
 */
public record ReplacedImportRow(String kind, String naturalKey, String values, long importId, int lineNumber,
        long replacedByImportId) {
    public ReplacedImportRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(naturalKey, "naturalKey");
        Objects.requireNonNull(values, "values");
    }
}
