package io.pmr.hardware.tap;

import java.nio.file.Path;
import java.util.Locale;

/** The layout of a trace log: see {@link TraceTap} for the exact contract of each. */
public enum TraceFormat {
    /** Comma-separated values with a header line naming the columns. */
    CSV,
    /** JSON lines: one flat JSON object per line. */
    JSONL,
    /** Chosen from the file name: {@code .csv} is CSV; {@code .jsonl}, {@code .ndjson}, {@code .json} are JSONL. */
    AUTO;

    /**
     * The concrete format for a log at {@code path}: this one, or for {@link #AUTO} the one its extension names.
     *
     * @return CSV or JSONL, or null when AUTO cannot tell from the extension
     */
    TraceFormat resolve(Path path) {
        if (this != AUTO) {
            return this;
        }
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        return null;
    }
}
