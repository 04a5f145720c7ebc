package io.pmr.collector.store;

import io.pmr.collector.imports.ImportException;
import io.pmr.collector.imports.ImportFeed;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportRow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one import file as it is read, in bounded memory, all of it or none:
 * <ol>
 * <li>rows are buffered a chunk at a time ({@link #CHUNK_ROWS} rows or {@link #CHUNK_CHARS} characters) and each chunk
 * is written to the import's TEMP staging table in a short transaction of its own under the store's lock, so the
 * ingest's writes interleave with a long import instead of waiting for it;</li>
 * <li>when the file has been read without a problem, the staged rows are merged into the import tables in one
 * transaction. Until that commit the database file holds nothing of the import; a process killed at any point before
 * it leaves the database as it was (the staging table is in SQLite's temporary file, which dies with the
 * connection).</li>
 * </ol>
 * Keys repeated within the file are found by the staging table's primary key and reported on the feed's problems.
 * Runs on the caller's thread; the store's lock is held per chunk and for the merge, never for the parsing.
 */
final class StagedImport {
    private static final Logger LOG = LoggerFactory.getLogger(StagedImport.class);
    static final int CHUNK_ROWS = 2_000;
    static final long CHUNK_CHARS = 4L * 1024 * 1024;
    /** A progress line each this many rows, so an operator (and the kill test) sees a long import advance. */
    static final int PROGRESS_ROWS = 100_000;

    /** The store's locked, committing transaction (see {@link SqliteStore}). */
    interface Transactions {
        <T> T transaction(String what, SqliteStore.SqlWork<T> work);
    }

    private final ImportFeed feed;
    private final SqliteImports sql;
    private final Transactions store;
    private final List<ImportRow> chunk = new ArrayList<>();
    private long chunkChars;
    private int staged;
    private String table;

    private StagedImport(ImportFeed feed, SqliteImports sql, Transactions store) {
        this.feed = feed;
        this.sql = sql;
        this.store = store;
    }

    /** Reads, stages and merges {@code feed}; see the class comment. */
    static ImportOutcome run(ImportFeed feed, long importedAtEpochMillis, SqliteImports sql, Transactions store) {
        return new StagedImport(feed, sql, store).run(importedAtEpochMillis);
    }

    private ImportOutcome run(long importedAtEpochMillis) {
        String file = feed.file();
        table = store.transaction("staging the import of " + file, sql::createStage);
        try {
            String sha256;
            try {
                sha256 = feed.feed(this::add);
                flush();
            } catch (ImportException e) {
                throw rejected(e);
            }
            if (feed.problems().any()) {
                throw rejected(feed.problems().exception());
            }
            return store.transaction("import of " + file,
                    () -> sql.merge(table, feed.kind(), file, sha256, staged, importedAtEpochMillis));
        } finally {
            try {
                store.transaction("dropping the staging table of " + file, () -> {
                    sql.dropStage(table);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("Cannot drop staging table {} of import {}: {}", table, file, e.getMessage());
            }
        }
    }

    private void add(ImportRow row) {
        chunk.add(row);
        chunkChars += row.naturalKey().length() + row.values().length();
        if (chunk.size() >= CHUNK_ROWS || chunkChars >= CHUNK_CHARS) {
            flush();
        }
    }

    private void flush() {
        if (chunk.isEmpty()) {
            return;
        }
        store.transaction("staging rows of " + feed.file(), () -> {
            sql.stage(table, chunk, feed.problems());
            return null;
        });
        int before = staged;
        staged += chunk.size();
        chunk.clear();
        chunkChars = 0;
        if (staged / PROGRESS_ROWS > before / PROGRESS_ROWS) {
            LOG.info("Import of {}: {} rows read", feed.file(), staged);
        }
    }

    private ImportException rejected(ImportException e) {
        LOG.warn("Rejected {} import {}: {} problem(s) on {} line(s), first: {}", feed.kind().code(), feed.file(),
                e.problemCount(), e.lineCount(), e.problems().isEmpty() ? "-" : e.problems().get(0));
        return e;
    }
}
