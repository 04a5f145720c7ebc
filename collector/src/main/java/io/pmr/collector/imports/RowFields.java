package io.pmr.collector.imports;

import java.time.Instant;
import java.util.List;

/**
 * One data row of an import file, read column by column. A bad value is recorded as a problem
 * {@code file:line: column: what is wrong} and a placeholder returned, so one pass finds every problem of the row.
 * Not thread-safe; one per row.
 */
final class RowFields {
    private final int lineNumber;
    private final List<String> header;
    private final List<String> values;
    private final ImportProblems problems;
    private boolean bad;

    RowFields(int lineNumber, List<String> header, List<String> values, ImportProblems problems) {
        this.lineNumber = lineNumber;
        this.header = header;
        this.values = values;
        this.problems = problems;
    }

    int lineNumber() {
        return lineNumber;
    }

    /** True when any problem was recorded for this row. */
    boolean bad() {
        return bad;
    }

    /** Records a problem of a column. */
    void problem(String column, String what) {
        bad = true;
        problems.add(lineNumber, column, what);
    }

    /** The trimmed value of a column; blank when the row has fewer columns (e.g. an optional last one). */
    String text(String column) {
        int index = header.indexOf(column);
        if (index < 0 || index >= values.size()) {
            return "";
        }
        return values.get(index).strip();
    }

    /** A value that must not be blank; null (and a problem) when it is. */
    String required(String column) {
        String value = text(column);
        if (value.isEmpty()) {
            problem(column, "is blank");
            return null;
        }
        return value;
    }

    /** A value, or null when blank. */
    String optional(String column) {
        String value = text(column);
        return value.isEmpty() ? null : value;
    }

    /** A required time; null (and a problem) when blank or not a time. */
    Instant time(String column) {
        String value = required(column);
        return value == null ? null : parseTime(column, value);
    }

    /** An optional time: null when blank; null and a problem when not a time. */
    Instant optionalTime(String column) {
        String value = optional(column);
        return value == null ? null : parseTime(column, value);
    }

    Instant parseTime(String column, String value) {
        try {
            return ImportTimes.parse(value);
        } catch (IllegalArgumentException e) {
            problem(column, e.getMessage());
            return null;
        }
    }

    /** A required non-negative integer (digits only); -1 (and a problem) otherwise. */
    long count(String column) {
        String value = required(column);
        return value == null ? -1 : parseCount(column, value);
    }

    /** An optional non-negative integer: null when blank; -1 and a problem when not a non-negative integer. */
    Long optionalCount(String column) {
        String value = optional(column);
        return value == null ? null : parseCount(column, value);
    }

    private long parseCount(String column, String value) {
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            problem(column, "'" + value + "' is not a non-negative integer");
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            problem(column, "'" + value + "' is too large");
            return -1;
        }
    }
}
