package io.pmr.collector.catalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * The data lines of one catalogue CSV file: a UTF-8 BOM, blank lines and lines starting with {@code #} are skipped;
 * line numbers are 1-based lines of the file as a text editor shows them.
 */
final class CsvTable {
    /** One line that carries data (or the header). */
    record Line(int number, String text) {
    }

    private CsvTable() {
    }

    static List<Line> lines(CatalogueFile file) {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String text : file.text().split("\r\n|\n|\r", -1)) {
            number++;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank() || text.stripLeading().startsWith("#")) {
                continue;
            }
            lines.add(new Line(number, text));
        }
        return lines;
    }

    /**
     * The data lines after a header that must be the first line that is neither blank nor a comment.
     *
     * @param header the exact column names, e.g. {@code measure,points_at_minimum,max_points}
     */
    static List<Line> afterHeader(CatalogueFile file, String header) {
        return afterHeader(file, header, "");
    }

    /**
     * As {@link #afterHeader(CatalogueFile, String)}, naming optional columns in the message.
     *
     * @param optional appended to the header in messages, e.g. {@code [,clock]}
     */
    static List<Line> afterHeader(CatalogueFile file, String header, String optional) {
        List<Line> lines = lines(file);
        if (lines.isEmpty()) {
            throw file.problem(1, "header", "missing: the first line that is not a comment must be '" + header
                    + optional + "'");
        }
        Line first = lines.get(0);
        String found = first.text().strip();
        if (!found.equals(header)) {
            throw file.problem(first.number(), "header", "expected '" + header + optional + "', found '" + found
                    + "'");
        }
        return lines.subList(1, lines.size());
    }

    /** The fields of a line, which must number {@code columns}; {@code header} names them in the message. */
    static List<String> fields(CatalogueFile file, Line line, int columns, String header) {
        List<String> fields = split(file, line);
        if (fields.size() != columns) {
            throw file.problem(line.number(), "columns", "expected " + columns + " (" + header + "), found "
                    + fields.size());
        }
        return fields;
    }

    static List<String> split(CatalogueFile file, Line line) {
        try {
            return CsvFields.split(line.text());
        } catch (IllegalArgumentException e) {
            throw file.problem(line.number(), "line", e.getMessage());
        }
    }
}
