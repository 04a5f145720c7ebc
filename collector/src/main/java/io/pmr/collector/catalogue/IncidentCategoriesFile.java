package io.pmr.collector.catalogue;

import io.pmr.model.Trt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code incident-categories.csv}: {@code category,target_resolution,description[,clock]}, one row for each of
 * 1..5. {@code clock} ({@code impact} or {@code incident}) says which duration the target applies to; without the
 * column every category is on the impact clock.
 */
final class IncidentCategoriesFile {
    static final int FIRST = 1;
    static final int LAST = 5;
    static final String HEADER = "category,target_resolution,description";
    static final String HEADER_WITH_CLOCK = HEADER + ",clock";

    private IncidentCategoriesFile() {
    }

    /** The categories 1..5 in order. */
    static List<IncidentCategory> parse(CatalogueFile file) {
        Map<Integer, IncidentCategory> byCategory = new TreeMap<>();
        List<CsvTable.Line> all = CsvTable.lines(file);
        boolean withClock = !all.isEmpty() && all.get(0).text().strip().equals(HEADER_WITH_CLOCK);
        String header = withClock ? HEADER_WITH_CLOCK : HEADER;
        List<CsvTable.Line> lines = CsvTable.afterHeader(file, header, "[,clock]");
        for (CsvTable.Line line : lines) {
            List<String> fields = CsvTable.fields(file, line, withClock ? 4 : 3, header);
            IncidentCategory row;
            try {
                row = row(fields, line.number());
            } catch (FieldProblem e) {
                throw file.problem(line.number(), e);
            }
            IncidentCategory previous = byCategory.putIfAbsent(row.category(), row);
            if (previous != null) {
                throw file.problem(line.number(), "category", "duplicate " + row.category() + " (first on line "
                        + previous.lineNumber() + ")");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int category = FIRST; category <= LAST; category++) {
            if (!byCategory.containsKey(category)) {
                missing.add(category);
            }
        }
        if (!missing.isEmpty()) {
            // Reported at the header: the table as a whole is incomplete, no one line is wrong.
            int headerLine = CsvTable.lines(file).get(0).number();
            throw file.problem(headerLine, "category", "no row for " + missing
                    + ": every category 1..5 needs a target_resolution");
        }
        return List.copyOf(byCategory.values());
    }

    private static IncidentCategory row(List<String> fields, int lineNumber) {
        String categoryText = fields.get(0).strip();
        int category;
        try {
            category = Integer.parseInt(categoryText);
        } catch (NumberFormatException e) {
            throw new FieldProblem("category", "'" + categoryText + "' is not a number 1..5", e);
        }
        if (category < FIRST || category > LAST) {
            throw new FieldProblem("category", category + " is out of range 1..5");
        }
        String trtText = fields.get(1).strip();
        if (trtText.isEmpty()) {
            throw new FieldProblem("target_resolution", "is blank");
        }
        Duration trt;
        try {
            trt = Trt.parse(trtText);
        } catch (IllegalArgumentException e) {
            throw new FieldProblem("target_resolution", e.getMessage(), e);
        }
        IncidentClock clock = IncidentClock.IMPACT;
        if (fields.size() > 3) {
            try {
                clock = IncidentClock.parse(fields.get(3));
            } catch (IllegalArgumentException e) {
                throw new FieldProblem("clock", e.getMessage(), e);
            }
        }
        return new IncidentCategory(category, trtText, trt, fields.get(2).strip(), lineNumber, clock);
    }
}
