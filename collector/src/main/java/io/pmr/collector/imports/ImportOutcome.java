package io.pmr.collector.imports;

import java.util.Locale;
import java.util.Objects;

/**
 * What storing an import did: its run record and how many rows were new, corrected (same key, other values: the old
 * row goes to history) or unchanged.
 */
public record ImportOutcome(ImportRecord record, int newRows, int correctedRows, int unchangedRows) {
    public ImportOutcome {
        Objects.requireNonNull(record, "record");
    }

    /** The user's summary, e.g. {@code stored 12 rows (3 new, 1 corrected, 8 unchanged) from f.csv as import #4}. */
    public String summary() {
        String text = String.format(Locale.ROOT, "stored %d rows (%d new, %d corrected, %d unchanged) from %s as"
                + " import #%d", record.rows(), newRows, correctedRows, unchangedRows, record.file(), record.importId());
        return record.changedRows() == 0 ? text + "; nothing changed: every row was already stored" : text;
    }
}
