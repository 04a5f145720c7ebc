package io.pmr.hardware.tap;

/**
 * Splits one line of a trace log into its field values. Not thread-safe: one per tap, called from the
 * polling thread.
 */
interface LineParser {

    enum Outcome {
        /** The values were filled. */
        DATA,
        /** The line was a CSV header and now defines the columns. */
        HEADER,
        /** The line is bad: see {@link #problem()}. */
        BAD
    }

    /**
     * Parses a non-blank, non-comment line.
     *
     * @param line   the line without its terminator
     * @param values filled by {@link Column#ordinal()}: the field's text, or null when absent
     */
    Outcome parse(String line, String[] values);

    /** What was wrong with the last line that was {@link Outcome#BAD}. */
    String problem();

    /** Takes a header from a line skipped because the tap started at the end; other lines are ignored. */
    void observeSkipped(String line);

    /** A new file begins (not a truncation): a CSV header must be read again. */
    void newFile();

    /** The columns of the CSV header in force (as written), for a checkpoint; null when there is none. */
    default java.util.List<String> header() {
        return null;
    }

    /** Puts back a header saved by {@link #header()}; returns false if it is not a valid header. */
    default boolean restoreHeader(java.util.List<String> columns) {
        return false;
    }
}
