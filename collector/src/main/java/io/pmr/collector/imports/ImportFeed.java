package io.pmr.collector.imports;

import java.util.function.Consumer;

/**
 * One import file's rows as they are read, for the store to stage and check: a file of any length is read once, in
 * file order, with the memory of one row. The store stages each good row, reports a key repeated within the file
 * through {@link #problems()} and stores nothing when, at the end, there is any problem.
 */
public interface ImportFeed {

    ImportKind kind();

    /** The file name errors and provenance use (as the user gave it). */
    String file();

    /** The file's problems so far; complete once {@link #feed} has returned. */
    ImportProblems problems();

    /**
     * Reads the file to its end, handing each good row to {@code rows} in file order; bad rows are recorded on
     * {@link #problems()} and not handed on. Call once.
     *
     * @return the hex SHA-256 of the file's bytes
     * @throws ImportException when the file cannot be read on (not UTF-8, a quote never closed, a bad header...),
     *                         with every problem found up to there
     * @throws java.io.UncheckedIOException when reading the bytes fails
     */
    String feed(Consumer<ImportRow> rows);
}
