package io.pmr.collector.catalogue;

import java.math.BigDecimal;

/** Field parsing shared by the catalogue files; failures are {@link FieldProblem}s naming the column. */
final class Decimals {
    private Decimals() {
    }

    static BigDecimal nonNegative(String text, String column) {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new FieldProblem(column, "is blank");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(stripped);
        } catch (NumberFormatException e) {
            throw new FieldProblem(column, "'" + stripped + "' is not a decimal number", e);
        }
        if (value.signum() < 0) {
            throw new FieldProblem(column, "'" + stripped + "' is negative");
        }
        return value;
    }

    static String blankToNull(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
