package io.pmr.collector.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The problems of one import file, bounded: every problem is counted, but only the {@link #LISTED} first ones (by line,
 * then in the order found on that line) are kept as text, so a file of a million bad lines costs no more memory than
 * one of a hundred. Problems need not arrive in line order: the store reports a duplicate key when it flushes a chunk
 * of rows, after the parser has gone on to later lines. Each line's problems arrive together (a line has parse
 * problems or is a duplicate, never both), which is what makes {@link #lineCount()} exact without remembering lines.
 * Not thread-safe: one per import, on the thread that reads it.
 */
public final class ImportProblems {
    /** How many problems are kept as text; the rest are only counted. */
    public static final int LISTED = 100;

    private final String file;
    private final String keyColumn;
    /** (line, order found) -> text; at most {@link #LISTED}, the largest evicted first. */
    private final TreeMap<Long, String> listed = new TreeMap<>();
    private long found;
    private long count;
    private long lines;
    private int lastLine = -1;

    /**
     * @param file      the file name problems start with
     * @param keyColumn the column a duplicate key is reported against (e.g. {@code incident_id})
     */
    public ImportProblems(String file, String keyColumn) {
        this.file = java.util.Objects.requireNonNull(file, "file");
        this.keyColumn = java.util.Objects.requireNonNull(keyColumn, "keyColumn");
    }

    /** Records {@code file:line: column: what}. */
    void add(int line, String column, String what) {
        count++;
        if (line != lastLine) {
            lines++;
            lastLine = line;
        }
        long order = ((long) line << 32) | (found++ & 0xffff_ffffL);
        if (listed.size() < LISTED) {
            listed.put(order, file + ":" + line + ": " + column + ": " + what);
        } else if (order < listed.lastKey()) {
            listed.pollLastEntry();
            listed.put(order, file + ":" + line + ": " + column + ": " + what);
        }
    }

    /**
     * Records that the row on {@code line} repeats the natural key of the row on {@code firstLine}.
     *
     * @param naturalKey the key's canonical text (see {@link ImportCodec})
     */
    public void duplicateKey(int line, int firstLine, String naturalKey) {
        add(line, keyColumn, "duplicate key " + String.join(",", ImportCodec.decode(naturalKey)) + " (first on line "
                + firstLine + ")");
    }

    /** True when any problem was recorded. */
    public boolean any() {
        return count > 0;
    }

    /** Every problem recorded, listed or not. */
    public long count() {
        return count;
    }

    /** How many lines have a problem. */
    public long lineCount() {
        return lines;
    }

    /** The listed problems, by line. */
    public List<String> listed() {
        return new ArrayList<>(listed.values());
    }

    /** The file rejected with these problems (call only when {@link #any()}). */
    public ImportException exception() {
        return new ImportException(listed(), count, lines);
    }

    /** {@link #exception()} with a last problem that stopped the reading of the file (undecodable, too long...). */
    ImportException fatal(int line, String column, String what) {
        add(line, column, what);
        return exception();
    }
}
