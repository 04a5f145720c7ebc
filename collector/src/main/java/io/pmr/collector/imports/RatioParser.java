package io.pmr.collector.imports;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import java.util.List;
import java.util.Set;

/**
 * ratios: {@code measure,period,numerator,denominator}. A ratio measure takes both; a count measure the count as
 * numerator and a blank denominator; a within_trt measure no agent measures may be supplied as numerator (within
 * TRT) and denominator (events). The period is {@code yyyy-MM} for monthly measures, {@code yyyy-Qn} for quarterly
 * measures on calendar quarters, and {@code yyyy-MM/yyyy-MM} (first and last month) for quarterly measures whose
 * quarters are offset (catalogue column {@code quarters}), e.g. {@code 2020-08/2020-10}.
 */
final class RatioParser implements KindParser<SuppliedFigure> {
    private static final String MONTH = "\\d{4}-(0[1-9]|1[0-2])";
    private static final String QUARTER = "\\d{4}-Q[1-4]";
    private static final String OFFSET_QUARTER = "\\d{4}-(0[1-9]|1[0-2])/\\d{4}-(0[1-9]|1[0-2])";
    private final MeasureCheck measures;

    RatioParser(MeasureCheck measures) {
        this.measures = measures;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.RATIOS;
    }

    @Override
    public String keyColumn() {
        return "measure+period";
    }

    @Override
    public SuppliedFigure parse(RowFields row, ImportSource source) {
        MeasureDefinition measure = measures.measure(row,
                Set.of(MeasureKind.RATIO, MeasureKind.COUNT, MeasureKind.WITHIN_TRT),
                "ratios supply ratio, count or within_trt measures");
        String period = row.required("period");
        if (period != null) {
            boolean month = period.matches(MONTH);
            boolean quarter = period.matches(QUARTER);
            boolean offsetQuarter = period.matches(OFFSET_QUARTER);
            if (!month && !quarter && !offsetQuarter) {
                row.problem("period", "'" + period + "' is neither yyyy-MM, yyyy-Qn nor yyyy-MM/yyyy-MM");
            } else if (measure != null && measure.offsetQuarters()) {
                String problem = offsetQuarter ? offsetQuarterProblem(period, measure.quartersStart()) : "give yyyy-MM/yyyy-MM";
                if (problem != null) {
                    row.problem("period", "'" + period + "': " + measure.id() + " follows quarters starting in month "
                            + measure.quartersStart() + " (and every third month after), " + problem);
                }
            } else if (measure != null && measure.isQuarterly() && !quarter) {
                row.problem("period", "'" + period + "': " + measure.id() + " is quarterly, give yyyy-Qn");
            } else if (measure != null && !measure.isQuarterly() && !month) {
                row.problem("period", "'" + period + "': " + measure.id() + " is monthly, give yyyy-MM");
            }
        }
        long numerator = row.count("numerator");
        Long denominator = row.optionalCount("denominator");
        if (measure != null && measure.kind() == MeasureKind.COUNT && denominator != null) {
            row.problem("denominator", measure.id() + " is a count measure: leave the denominator blank");
        }
        if (measure != null && measure.kind() != MeasureKind.COUNT && denominator == null
                && row.text("denominator").isEmpty()) {
            row.problem("denominator", "is blank: " + measure.id() + " is a " + measure.kind().code()
                    + " measure and needs one");
        }
        if (numerator >= 0 && denominator != null && denominator >= 0 && numerator > denominator) {
            row.problem("numerator", "numerator " + numerator + " exceeds denominator " + denominator);
        }
        if (row.bad()) {
            return null;
        }
        return new SuppliedFigure(measure.id(), period, numerator, denominator, source);
    }

    /** Null when {@code yyyy-MM/yyyy-MM} is one of the quarters starting in month {@code quartersStart} (1..3). */
    private static String offsetQuarterProblem(String period, int quartersStart) {
        java.time.YearMonth first = java.time.YearMonth.parse(period.substring(0, 7));
        java.time.YearMonth last = java.time.YearMonth.parse(period.substring(8));
        if (!last.equals(first.plusMonths(2))) {
            return "a quarter is three months: " + first + "/" + first.plusMonths(2);
        }
        if ((first.getMonthValue() - 1) % 3 + 1 != quartersStart) {
            return first + " does not start one of its quarters";
        }
        return null;
    }

    @Override
    public List<String> key(SuppliedFigure f) {
        return List.of(f.measureId(), f.period());
    }

    @Override
    public List<String> values(SuppliedFigure f) {
        return List.of(f.measureId(), f.period(), Long.toString(f.numerator()),
                f.denominator() == null ? "" : Long.toString(f.denominator()));
    }

    @Override
    public SuppliedFigure decode(List<String> v, ImportSource source) {
        return new SuppliedFigure(v.get(0), v.get(1), Long.parseLong(v.get(2)),
                v.get(3).isEmpty() ? null : Long.valueOf(v.get(3)), source);
    }
}
