package io.pmr.collector.imports;

import java.util.Objects;

/**
 * One import run as the store keeps it, for provenance and restatement.
 *
 * @param importId              the store's id
 * @param kind                  incidents, availability, ratios, power-outages, exclusions or commentary
 * @param file                  the file name as given
 * @param sha256                hex SHA-256 of the file's bytes
 * @param importedAtEpochMillis when it was stored
 * @param rows                  data rows in the file
 * @param changedRows           rows that added or replaced data (0 when the same file is imported again)
 */
public record ImportRecord(long importId, String kind, String file, String sha256, long importedAtEpochMillis,
        int rows, int changedRows) {
    public ImportRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}
