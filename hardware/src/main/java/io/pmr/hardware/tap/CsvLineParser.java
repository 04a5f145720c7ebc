package io.pmr.hardware.tap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * CSV lines (RFC 4180 quoting within one line) under the header last seen in the current file. A line is a
 * header when one of its fields is {@code message_id}; an invalid header leaves the file without columns,
 * so that no data line is read under columns it was not written with.
 */
final class CsvLineParser implements LineParser {
    private final ArrayList<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    /** Per field position, the column ordinal it fills, or -1 for a column the tap does not use. */
    private int[] columnOfField;
    /** The header fields {@link #columnOfField} was made from. */
    private List<String> headerNames;
    private String problem;

    @Override
    public Outcome parse(String line, String[] values) {
        String splitProblem = split(line);
        if (splitProblem != null) {
            return bad(splitProblem);
        }
        if (isHeader()) {
            return takeHeader();
        }
        if (columnOfField == null) {
            return bad("no CSV header before this line: expected a header naming " + Column.REQUIRED_NAMES);
        }
        if (fields.size() != columnOfField.length) {
            return bad("found " + fields.size() + " fields where the header names " + columnOfField.length);
        }
        Arrays.fill(values, null);
        for (int i = 0; i < columnOfField.length; i++) {
            int column = columnOfField[i];
            if (column >= 0) {
                values[column] = fields.get(i);
            }
        }
        return Outcome.DATA;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void observeSkipped(String line) {
        if (line.toLowerCase(Locale.ROOT).contains("message_id") && split(line) == null && isHeader()) {
            takeHeader();
        }
    }

    @Override
    public void newFile() {
        columnOfField = null;
        headerNames = null;
    }

    @Override
    public List<String> header() {
        return columnOfField == null ? null : headerNames;
    }

    @Override
    public boolean restoreHeader(List<String> columns) {
        fields.clear();
        fields.addAll(columns);
        return isHeader() && takeHeader() == Outcome.HEADER;
    }

    private Outcome bad(String what) {
        problem = what;
        return Outcome.BAD;
    }

    private boolean isHeader() {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).equalsIgnoreCase(Column.MESSAGE_ID.key)) {
                return true;
            }
        }
        return false;
    }

    private Outcome takeHeader() {
        columnOfField = null;
        headerNames = null;
        int[] mapping = new int[fields.size()];
        boolean[] seen = new boolean[Column.COUNT];
        for (int i = 0; i < mapping.length; i++) {
            Column column = Column.byName(fields.get(i));
            if (column == null) {
                mapping[i] = -1;
                continue;
            }
            if (seen[column.ordinal()]) {
                return bad("CSV header names column '" + column.key + "' twice");
            }
            seen[column.ordinal()] = true;
            mapping[i] = column.ordinal();
        }
        StringJoiner missing = new StringJoiner(", ");
        for (Column column : Column.ALL) {
            if (column.required && !seen[column.ordinal()]) {
                missing.add(column.key);
            }
        }
        if (missing.length() > 0) {
            return bad("CSV header is missing column(s) " + missing);
        }
        columnOfField = mapping;
        headerNames = List.copyOf(fields);
        return Outcome.HEADER;
    }

    /** Splits into {@link #fields}, unquoted fields stripped of surrounding blanks; returns a problem or null. */
    private String split(String line) {
        fields.clear();
        int length = line.length();
        int i = 0;
        while (true) {
            field.setLength(0);
            while (i < length && isBlank(line.charAt(i))) {
                i++;
            }
            if (i < length && line.charAt(i) == '"') {
                int opening = i;
                i++;
                boolean closed = false;
                while (i < length) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < length && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (!closed) {
                    return "unterminated quoted field starting at column " + (opening + 1);
                }
                while (i < length && isBlank(line.charAt(i))) {
                    i++;
                }
                if (i < length && line.charAt(i) != ',') {
                    return "unexpected '" + line.charAt(i) + "' after a quoted field at column " + (i + 1);
                }
                fields.add(field.toString());
            } else {
                int start = i;
                while (i < length && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        return "unexpected '\"' inside an unquoted field at column " + (i + 1);
                    }
                    i++;
                }
                fields.add(line.substring(start, i).strip());
            }
            if (i >= length) {
                return null;
            }
            i++; // the comma
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
