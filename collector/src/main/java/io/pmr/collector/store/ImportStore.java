package io.pmr.collector.store;

import io.pmr.collector.imports.ImportBatch;
import io.pmr.collector.imports.ImportFeed;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportRecord;
import io.pmr.collector.imports.ImportedData;
import java.util.List;

/**
 * Durable storage of import files. Each import is stored in one transaction: a run record and its rows, each row keeping the
 * import id and line it came from. Rows are keyed by their natural key (per kind): a row equal to the stored one
 * changes nothing; a row with the same key and other values replaces it (a correction) and the replaced row is kept
 * in history, never deleted. Rows are never removed by a later import that lacks them.
 *
 * <p>Durability: when {@link #storeImport} returns, the import is committed. Thread-safety: any thread.
 */
public interface ImportStore {

    /**
     * Reads, checks and stores an import file as it is read, in memory that does not grow with the file, all of it
     * in one transaction or none of it (see docs/imports.md). Blocks the calling thread for the whole file.
     *
     * @param importedAtEpochMillis when (from the caller's clock) the import ran
     * @return the run record and the new / corrected / unchanged counts ({@code changedRows} 0 when every row was
     *         already stored as it is)
     * @throws io.pmr.collector.imports.ImportException when the file has any problem (a key repeated within it
     *                                                  included); then nothing was stored
     * @throws StoreException if the transaction failed; then nothing was stored
     */
    ImportOutcome storeImport(ImportFeed feed, long importedAtEpochMillis);

    /** {@link #storeImport(ImportFeed, long)} of a file already parsed in memory. */
    default ImportOutcome storeImport(ImportBatch batch, long importedAtEpochMillis) {
        return storeImport(batch.feed(), importedAtEpochMillis);
    }

    /** The current version of every natural key, with the file, line and import that stored it. */
    ImportedData imported();

    /** Every import run, oldest first (including those that changed nothing). */
    List<ImportRecord> imports();

    /** Rows replaced by corrections, oldest replacement first. */
    List<ReplacedImportRow> replacedRows();
}
