package io.pmr.collector.catalogue;

import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import java.math.BigDecimal;
import java.util.List;

/** Parses and checks one data line of {@code measures.csv}; failures are {@link FieldProblem}s naming the column. */
final class CatalogueRow {
    static final int COLUMNS = 10;
    /** The optional 11th column, {@code scope}. */
    static final int COLUMNS_WITH_SCOPE = 11;
    /** The optional 12th column, {@code quarters} (after {@code scope}, which may then be blank). */
    static final int COLUMNS_WITH_QUARTERS = 12;
    /** The optional 13th column, {@code method} (after {@code quarters}, which may then be blank). */
    static final int COLUMNS_WITH_METHOD = 13;
    static final String HEADER = "id,provider,group,name,kind,trt,period,target,minimum,contributes_to";
    static final String HEADER_WITH_SCOPE = HEADER + ",scope";
    static final String HEADER_WITH_QUARTERS = HEADER_WITH_SCOPE + ",quarters";
    static final String HEADER_WITH_METHOD = HEADER_WITH_QUARTERS + ",method";

    private CatalogueRow() {
    }

    static MeasureDefinition parse(List<String> fields, int lineNumber) {
        if (fields.size() < COLUMNS || fields.size() > COLUMNS_WITH_METHOD) {
            throw new FieldProblem("columns", "expected " + COLUMNS + " to " + COLUMNS_WITH_METHOD + " ("
                    + HEADER + "[,scope[,quarters[,method]]]), found " + fields.size());
        }
        String id = required(fields.get(0).strip(), "id");
        if (id.chars().anyMatch(c -> c == '+' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            // ids travel in MQTT payloads, report files and logs: a NUL or other control character there is a mistake
            throw new FieldProblem("id", "'" + id.replaceAll("\\p{Cntrl}", "?")
                    + "' must not contain spaces, control characters, '+' or '#'");
        }
        String provider = required(fields.get(1).strip(), "provider");
        String group = fields.get(2).strip();
        String name = required(fields.get(3).strip(), "name");
        MeasureKind kind = inColumn("kind", () -> MeasureKind.parse(fields.get(4).strip()));
        String trtText = Decimals.blankToNull(fields.get(5));
        TrtRule trt = trtText == null ? null : inColumn("trt", () -> Trt.parseRule(trtText));
        if (trt != null && !trt.isFixed() && kind != MeasureKind.WITHIN_TRT) {
            // a per-request deadline or hours condition decides a share of requests within TRT; a probe timeout or an
            // outage's alert TRT is one duration
            throw new FieldProblem("trt", "'" + trtText + "' is a wall-clock deadline or hours condition, which only a"
                    + " within_trt measure takes, not " + kind.code() + " (write a duration, e.g. 60s)");
        }
        String period = fields.get(6).strip();
        if (!period.equals("monthly") && !period.equals("quarterly")) {
            throw new FieldProblem("period", "'" + period + "' is not monthly or quarterly");
        }
        BigDecimal target = Decimals.nonNegative(required(fields.get(7).strip(), "target"), "target");
        String minimumText = Decimals.blankToNull(fields.get(8));
        BigDecimal minimum = minimumText == null ? null : Decimals.nonNegative(minimumText, "minimum");
        String contributesTo = Decimals.blankToNull(fields.get(9));
        if (id.equals(contributesTo)) {
            throw new FieldProblem("contributes_to", "measure '" + id + "' contributes to itself");
        }
        MeasureScope scope = fields.size() >= COLUMNS_WITH_SCOPE
                ? inColumn("scope", () -> MeasureScope.parse(fields.get(10))) : MeasureScope.ANY;
        int quartersStart = fields.size() >= COLUMNS_WITH_QUARTERS
                ? quartersStart(fields.get(11).strip(), period) : 1;
        MeasureMethod method = fields.size() == COLUMNS_WITH_METHOD
                ? inColumn("method", () -> MeasureMethod.parse(fields.get(12), kind)) : MeasureMethod.defaultFor(kind);
        if (kind == MeasureKind.INCIDENTS && scope.incidentCategories().isEmpty()) {
            throw new FieldProblem("scope", "an incidents measure needs categories=..., e.g. categories=1-2");
        }
        if (kind != MeasureKind.INCIDENTS && !scope.incidentCategories().isEmpty()) {
            throw new FieldProblem("scope", "categories apply only to incidents measures, not " + kind.code());
        }
        return new MeasureDefinition(id, provider, group, name, kind, trtText, trt, period, target, minimum,
                contributesTo, scope, method, lineNumber, quartersStart);
    }

    /**
     * The {@code quarters} column: blank (calendar quarters), or the number of a month (1..12) that starts one of the
     * measure's quarters, reduced to 1..3 ({@code 11} and {@code 2} both mean Feb-Apr, May-Jul, Aug-Oct, Nov-Jan).
     * Only a quarterly measure may set it.
     */
    private static int quartersStart(String text, String period) {
        if (text.isEmpty()) {
            return 1;
        }
        if (!period.equals("quarterly")) {
            throw new FieldProblem("quarters", "'" + text + "' is set but the measure is " + period
                    + ": only quarterly measures follow quarters (leave it blank)");
        }
        int month;
        try {
            month = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new FieldProblem("quarters", "'" + text + "' is not a month number: give the first month of one of"
                    + " the measure's quarters, 1..12 (1 = Jan-Mar, Apr-Jun, ...; 2 = Feb-Apr, May-Jul, ...)", e);
        }
        if (month < 1 || month > 12) {
            throw new FieldProblem("quarters", "'" + text + "' is not a month number 1..12 (the first month of one of"
                    + " the measure's quarters)");
        }
        return (month - 1) % 3 + 1;
    }

    static boolean isHeader(List<String> fields) {
        String joined = String.join(",", fields).strip();
        return joined.equals(HEADER) || joined.equals(HEADER_WITH_SCOPE) || joined.equals(HEADER_WITH_QUARTERS)
                || joined.equals(HEADER_WITH_METHOD);
    }

    private static String required(String value, String column) {
        if (value.isEmpty()) {
            throw new FieldProblem(column, "is blank");
        }
        return value;
    }

    private static <T> T inColumn(String column, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new FieldProblem(column, e.getMessage(), e);
        }
    }
}
