package io.pmr.collector.catalogue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Parses and checks one data line of the catalogue; failures are IllegalArgumentExceptions saying what is wrong. */
final class CatalogueRow {
    static final int COLUMNS = 10;
    /** The optional 11th column, {@code scope}. */
    static final int COLUMNS_WITH_SCOPE = 11;
    private static final String HEADER = "id,provider,group,name,kind,trt,period,target,minimum,contributes_to[,scope]";

    private CatalogueRow() {
    }

    static MeasureDefinition parse(String line, int lineNumber) {
        List<String> fields = CsvFields.split(line);
        if (fields.size() != COLUMNS && fields.size() != COLUMNS_WITH_SCOPE) {
            throw new IllegalArgumentException("expected " + COLUMNS + " columns (" + HEADER + "), found "
                    + fields.size());
        }
        String id = required(fields.get(0).strip(), "id");
        if (id.chars().anyMatch(c -> c == '+' || c == '#' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("id '" + id + "' must not contain spaces, '+' or '#'");
        }
        String provider = required(fields.get(1).strip(), "provider");
        String group = fields.get(2).strip();
        String name = required(fields.get(3).strip(), "name");
        MeasureKind kind = MeasureKind.parse(fields.get(4).strip());
        String trtText = blankToNull(fields.get(5));
        Duration trt = trtText == null ? null : TrtSyntax.parse(trtText);
        String period = fields.get(6).strip();
        if (!period.equals("monthly") && !period.equals("quarterly")) {
            throw new IllegalArgumentException("bad period '" + period + "': expected monthly or quarterly");
        }
        BigDecimal target = decimal(required(fields.get(7).strip(), "target"), "target");
        String minimumText = blankToNull(fields.get(8));
        BigDecimal minimum = minimumText == null ? null : decimal(minimumText, "minimum");
        String contributesTo = blankToNull(fields.get(9));
        if (id.equals(contributesTo)) {
            throw new IllegalArgumentException("measure '" + id + "' contributes to itself");
        }
        MeasureScope scope = fields.size() == COLUMNS_WITH_SCOPE ? MeasureScope.parse(fields.get(10)) : MeasureScope.ANY;
        if (kind == MeasureKind.INCIDENTS && scope.incidentCategories().isEmpty()) {
            throw new IllegalArgumentException("column scope: an incidents measure needs categories=..., e.g. categories=1-2");
        }
        if (kind != MeasureKind.INCIDENTS && !scope.incidentCategories().isEmpty()) {
            throw new IllegalArgumentException("column scope: categories apply only to incidents measures, not "
                    + kind.code());
        }
        return new MeasureDefinition(id, provider, group, name, kind, trtText, trt, period, target, minimum,
                contributesTo, scope, lineNumber);
    }

    private static String required(String value, String column) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("column " + column + " is blank");
        }
        return value;
    }

    private static String blankToNull(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static BigDecimal decimal(String text, String column) {
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0) {
                throw new IllegalArgumentException("column " + column + " is negative: '" + text + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + column + " is not a decimal number: '" + text + "'", e);
        }
    }
}
