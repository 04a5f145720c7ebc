package io.pmr.collector.report;

import java.util.regex.Pattern;

/**
 * The one CSV writer of every CSV the product writes (report.csv, the table CSVs, the page's CSVs and the HTTP CSV
 * routes): RFC 4180 cells, comma-separated, LF line ends.
 *
 * <p>Imported text (an exclusion reason, an incident id, a provider name from the catalogue) reaches these files, and
 * a spreadsheet runs a cell that begins with {@code =}, {@code +}, {@code -} or {@code @} (or a tab or a carriage
 * return before one) as a formula: {@code =HYPERLINK(...)} becomes a live link. As OWASP's CSV-injection guidance
 * recommends, such a cell is written with a single quote in front, inside double quotes ({@code "'=HYPERLINK(...)"}),
 * so a spreadsheet shows it as text and a reader sees the quote was added. The one exception is a plain decimal
 * number, {@code -?[0-9]+(\.[0-9]+)?} (e.g. {@code -5}, {@code -0.25}): it is kept as it is, so machine readers still
 * parse a negative figure as a number, and a spreadsheet evaluates it to that number and nothing else. Stateless.
 */
public final class CsvCells {
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private CsvCells() {
    }

    /** Appends the cells as one line, each through {@link #cell}, and a line feed. */
    public static void line(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append('\n');
    }

    /**
     * One cell: neutralised when a spreadsheet would take it for a formula (see the class comment), quoted when it
     * holds a comma, a double quote or a line break, else as it is.
     */
    public static String cell(String value) {
        if (formulaLike(value)) {
            return quoted("'" + value);
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return quoted(value);
    }

    /** Whether the value begins with a formula character and is not a plain decimal number. */
    static boolean formulaLike(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        boolean trigger = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
                || first == '\r';
        return trigger && !PLAIN_NUMBER.matcher(value).matches();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
