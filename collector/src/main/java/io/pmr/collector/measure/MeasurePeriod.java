package io.pmr.collector.measure;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The period a measure's figure covers in a monthly report: the month, or for quarterly measures the calendar
 * quarter containing it (cut in Europe/London like months). UTC epoch millis, start inclusive, end exclusive.
 *
 * @param label       {@code yyyy-MM} or {@code yyyy-Qn}
 * @param months      the months of the period, in order
 * @param reportMonth the month whose report shows this period (a quarter is complete only in its last month)
 */
record MeasurePeriod(String label, long startEpochMillis, long endEpochMillis, List<YearMonth> months,
        YearMonth reportMonth) {

    static MeasurePeriod month(YearMonth month) {
        ReportPeriod period = ReportPeriod.of(month);
        return new MeasurePeriod(month.toString(), period.startEpochMillis(), period.endEpochMillis(),
                List.of(month), month);
    }

    static MeasurePeriod quarter(YearMonth month) {
        YearMonth first = month.withMonth(((month.getMonthValue() - 1) / 3) * 3 + 1);
        List<YearMonth> months = List.of(first, first.plusMonths(1), first.plusMonths(2));
        String label = String.format(Locale.ROOT, "%d-Q%d", first.getYear(), (first.getMonthValue() - 1) / 3 + 1);
        return new MeasurePeriod(label, ReportPeriod.of(first).startEpochMillis(),
                ReportPeriod.of(months.get(2)).endEpochMillis(), months, month);
    }

    boolean isQuarter() {
        return months.size() == 3;
    }

    /** False for a quarter reported before its last month: its figure stays provisional. */
    boolean complete() {
        return reportMonth.equals(months.get(months.size() - 1));
    }

    /** The previous month, or the whole previous quarter as reported in its last month. */
    MeasurePeriod previous() {
        return isQuarter() ? quarter(months.get(0).minusMonths(1)).reportedAtEnd() : month(months.get(0).minusMonths(1));
    }

    private MeasurePeriod reportedAtEnd() {
        return new MeasurePeriod(label, startEpochMillis, endEpochMillis, months, months.get(months.size() - 1));
    }

    /** Labels a supplied figure may carry for this period: the period's own, then its months up to the report's. */
    List<String> monthLabelsSoFar() {
        List<String> labels = new ArrayList<>();
        for (YearMonth month : months) {
            if (!month.isAfter(reportMonth)) {
                labels.add(month.toString());
            }
        }
        return labels;
    }

    boolean contains(long epochMillis) {
        return epochMillis >= startEpochMillis && epochMillis < endEpochMillis;
    }
}
