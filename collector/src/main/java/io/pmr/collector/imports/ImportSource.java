package io.pmr.collector.imports;

import java.util.Objects;

/**
 * Provenance of an imported row: the file it came from, its line, and the import that stored it.
 *
 * @param file       the file name as given to the import command
 * @param lineNumber 1-based line in that file
 * @param importId   the store's id of the import run (see {@link ImportRecord})
 */
public record ImportSource(String file, int lineNumber, long importId) {
    public ImportSource {
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line}, as the report prints it. */
    public String text() {
        return file + ":" + lineNumber;
    }
}
