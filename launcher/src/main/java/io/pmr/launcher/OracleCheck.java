package io.pmr.launcher;

import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the product's figures with the rig's ground truth, measure by measure, exactly: numerator and
 * denominator of every truth entry and its level where the truth has one: PM12.2 per event (as the contract intends)
 * and as historically reported, probed availability, and composites (the mean of the contributors' levels). Levels compare by value ({@code 97.50} equals {@code 97.5}).
 */
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
                continue;
            }
            if (figure.numerator() != entry.numerator() || figure.denominator() != entry.denominator()) {
                mismatches.add(entry.id() + ": report " + figure.numerator() + "/" + figure.denominator()
                        + ", truth " + entry.numerator() + "/" + entry.denominator());
            }
            // PM12.2's truth level is per event, whichever reading the catalogue makes the headline
            BigDecimal reported = figure.detail() instanceof FigureDetail.PowerOutage outage ? outage.perEventLevel()
                    : figure.level();
            if (entry.level() != null && !sameValue(entry.level(), reported)) {
                mismatches.add(entry.id() + ": report level " + reported + ", truth " + entry.level());
            }
            if (entry.historicalLevel() != null) {
                BigDecimal historical = figure.detail() instanceof FigureDetail.PowerOutage outage
                        ? outage.historicalLevel() : null;
                if (!sameValue(entry.historicalLevel(), historical)) {
                    mismatches.add(entry.id() + ": report historical level " + historical + ", truth "
                            + entry.historicalLevel());
                }
            }
        }
        return new Outcome(truth.measures().size(), List.copyOf(mismatches));
    }

    private static boolean sameValue(BigDecimal truth, BigDecimal reported) {
        return reported != null && Objects.requireNonNull(truth).compareTo(reported) == 0;
    }
}
