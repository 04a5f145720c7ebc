package io.pmr.collector.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One table of the report as rows of text cells under named columns: what a {@code .csv} file and the API's
 * {@code /tables/{name}.json} both show. Cells hold the values themselves (empty for none); CSV quoting and the
 * formula guard are applied only when written as CSV ({@link #csv}). Built by one thread, then read-only: the lists
 * returned are unmodifiable views.
 */
public final class ReportTable {
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these columns, written as a CSV header line ({@code a,b,c}). */
    public ReportTable(String header) {
        this.columns = List.of(header.split(",", -1));
    }

    /**
     * Adds a row; null cells become empty.
     *
     * @throws IllegalArgumentException if it has not one cell per column (naming the first cell and both counts)
     */
    public ReportTable add(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row " + (cells.length == 0 ? "" : "'" + cells[0] + "' ") + "has "
                    + cells.length + " cells for " + columns.size() + " columns " + columns);
        }
        String[] copy = Arrays.copyOf(cells, cells.length);
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Objects.requireNonNullElse(copy[i], "");
        }
        rows.add(List.of(copy));
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The table as CSV through {@link CsvCells}: the header line, then a line per row, LF line ends. */
    public String csv() {
        StringBuilder out = new StringBuilder(64 + rows.size() * 64);
        CsvCells.line(out, columns.toArray(String[]::new));
        for (List<String> row : rows) {
            CsvCells.line(out, row.toArray(String[]::new));
        }
        return out.toString();
    }
}
