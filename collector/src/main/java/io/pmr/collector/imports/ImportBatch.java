package io.pmr.collector.imports;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A whole import file, parsed and checked in memory ({@link ImportParser#parse}): every row good, no natural key
 * twice. For small files and tests; the store takes it as an {@link ImportFeed} ({@link #feed()}).
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

    /** These rows as a feed (any number of times; its keys are already unique). */
    public ImportFeed feed() {
        ImportProblems problems = new ImportProblems(file, "key");
        return new ImportFeed() {
            @Override
            public ImportKind kind() {
                return kind;
            }

            @Override
            public String file() {
                return file;
            }

            @Override
            public ImportProblems problems() {
                return problems;
            }

            @Override
            public String feed(Consumer<ImportRow> sink) {
                rows.forEach(sink);
                return sha256;
            }
        };
    }
}
