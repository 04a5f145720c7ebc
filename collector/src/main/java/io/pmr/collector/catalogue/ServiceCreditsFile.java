package io.pmr.collector.catalogue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code service-credits.csv}: {@code measure,points_at_minimum,max_points}, and checks each row against
 * measures.csv and providers.csv. A user's row that does not fit (unknown measure, KPI, target equal to minimum,
 * provider without a rate) fails the load. The shipped default was written for the shipped measures, so where it
 * stands in for a missing file its rows that do not fit the user's measures are skipped (and logged) instead.
 */
final class ServiceCreditsFile {
    static final String HEADER = "measure,points_at_minimum,max_points";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCreditsFile.class);

    private ServiceCreditsFile() {
    }

    /** Schedules by measure id, in file order. */
    static Map<String, ServiceCreditSchedule> parse(CatalogueFile file, Map<String, MeasureDefinition> measures,
            Map<String, BigDecimal> poundsPerPoint) {
        Map<String, ServiceCreditSchedule> schedules = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (CsvTable.Line line : CsvTable.afterHeader(file, HEADER)) {
            List<String> fields = CsvTable.fields(file, line, 3, HEADER);
            ServiceCreditSchedule schedule;
            try {
                schedule = row(fields, line.number());
            } catch (FieldProblem e) {
                throw file.problem(line.number(), e);
            }
            Integer previous = lineOf.putIfAbsent(schedule.measureId(), line.number());
            if (previous != null) {
                throw file.problem(line.number(), "measure", "duplicate '" + schedule.measureId()
                        + "' (first on line " + previous + ")");
            }
            String misfit = misfit(schedule.measureId(), measures, poundsPerPoint);
            if (misfit != null) {
                if (file.shippedDefault()) {
                    LOG.info("catalogue: shipped {} line {} skipped: {}", file.name(), line.number(), misfit);
                    continue;
                }
                throw file.problem(line.number(), "measure", misfit);
            }
            schedules.put(schedule.measureId(), schedule);
        }
        return schedules;
    }

    private static ServiceCreditSchedule row(List<String> fields, int lineNumber) {
        String measureId = fields.get(0).strip();
        if (measureId.isEmpty()) {
            throw new FieldProblem("measure", "is blank");
        }
        BigDecimal atMinimum = Decimals.nonNegative(fields.get(1), "points_at_minimum");
        if (atMinimum.signum() == 0) {
            throw new FieldProblem("points_at_minimum", "is 0: a schedule must award points (delete the row"
                    + " for a measure that earns none)");
        }
        BigDecimal max = Decimals.nonNegative(fields.get(2), "max_points");
        if (max.compareTo(atMinimum) < 0) {
            throw new FieldProblem("max_points", max.toPlainString() + " is below points_at_minimum "
                    + atMinimum.toPlainString());
        }
        return new ServiceCreditSchedule(measureId, atMinimum, max, lineNumber);
    }

    /** Why a schedule cannot apply to this measure, or null when it can. */
    private static String misfit(String measureId, Map<String, MeasureDefinition> measures,
            Map<String, BigDecimal> poundsPerPoint) {
        MeasureDefinition measure = measures.get(measureId);
        if (measure == null) {
            return "'" + measureId + "' is not the id of a measure in measures.csv";
        }
        if (measure.isKpi()) {
            return "'" + measureId + "' is a KPI (blank minimum in measures.csv line " + measure.lineNumber()
                    + ") and earns no service points";
        }
        int order = measure.target().compareTo(measure.minimum());
        boolean slopeDefined = measure.lowerIsBetter() ? order < 0 : order > 0;
        if (!slopeDefined) {
            return "'" + measureId + "' has target " + measure.target().toPlainString() + " and minimum "
                    + measure.minimum().toPlainString() + " (measures.csv line " + measure.lineNumber() + "): points"
                    + " need the minimum " + (measure.lowerIsBetter() ? "above" : "below") + " the target";
        }
        if (!poundsPerPoint.containsKey(measure.provider())) {
            return "provider '" + measure.provider() + "' of '" + measureId + "' has no row in providers.csv";
        }
        return null;
    }
}
