package io.pmr.launcher;

import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compares the product's figures with the rig's ground truth, measure by measure, exactly. */
final class OracleCheck {
    private OracleCheck() {
    }

    /** @param mismatches one line per measure whose figures differ from the truth, or that is missing */
    record Outcome(int measuresCompared, List<String> mismatches) {
        boolean matches() {
            return mismatches.isEmpty();
        }
    }

    static Outcome compare(GroundTruthFile truth, MonthlyReport report) {
        Map<String, MeasureFigure> figures = new HashMap<>();
        for (MeasureFigure figure : report.measures()) {
            figures.put(figure.id(), figure);
        }
        List<String> mismatches = new ArrayList<>();
        for (GroundTruthFile.Entry entry : truth.measures()) {
            MeasureFigure figure = figures.get(entry.id());
            if (figure == null) {
                mismatches.add(entry.id() + ": in the ground truth but not in the report");
            } else if (figure.numerator() != entry.numerator() || figure.denominator() != entry.denominator()) {
                mismatches.add(entry.id() + ": report " + figure.numerator() + "/" + figure.denominator()
                        + ", truth " + entry.numerator() + "/" + entry.denominator());
            }
        }
        return new Outcome(truth.measures().size(), List.copyOf(mismatches));
    }
}
