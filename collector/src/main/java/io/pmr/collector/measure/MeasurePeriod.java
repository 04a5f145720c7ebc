package io.pmr.collector.measure;

import io.pmr.collector.data.ReportPeriod;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The period a measure's figure covers in a monthly report: the month, or for a quarterly measure its quarter <b>up to
 * the end of the report month</b> (quarter to date), cut in Europe/London like months. UTC epoch millis, start
 * inclusive, end exclusive: {@code [startEpochMillis, endEpochMillis)} is exactly what the figure counts, so an event
 * started after the report month never counts in it, even when the quarter runs on.
 *
 * @param label       {@code yyyy-MM}; for a quarter {@code yyyy-Qn} (calendar quarters) or {@code yyyy-MM/yyyy-MM}
 *                    (its first and last month, for quarters offset from the calendar's, e.g. {@code 2020-08/2020-10})
 * @param months      the months of the period, in order: the whole quarter, even when reported before its last month
 * @param reportMonth the month whose report shows this period (a quarter is complete only in its last month)
 */
record MeasurePeriod(String label, long startEpochMillis, long endEpochMillis, List<YearMonth> months,
        YearMonth reportMonth) {

    static MeasurePeriod month(YearMonth month) {
        ReportPeriod period = ReportPeriod.of(month);
        return new MeasurePeriod(month.toString(), period.startEpochMillis(), period.endEpochMillis(),
                List.of(month), month);
    }

    /** The calendar quarter containing {@code reportMonth}, to date. */
    static MeasurePeriod quarter(YearMonth reportMonth) {
        return quarter(reportMonth, 1);
    }

    /**
     * The quarter containing {@code reportMonth}, to the end of it.
     *
     * @param quartersStart 1..3: the first month of the measure's quarters (1 = Jan-Mar, ...; 2 = Feb-Apr, ...)
     */
    static MeasurePeriod quarter(YearMonth reportMonth, int quartersStart) {
        if (quartersStart < 1 || quartersStart > 3) {
            throw new IllegalArgumentException("quartersStart must be 1, 2 or 3, was " + quartersStart);
        }
        int intoQuarter = Math.floorMod(reportMonth.getMonthValue() - quartersStart, 3);
        YearMonth first = reportMonth.minusMonths(intoQuarter);
        List<YearMonth> months = List.of(first, first.plusMonths(1), first.plusMonths(2));
        return new MeasurePeriod(quarterLabel(first, quartersStart), ReportPeriod.of(first).startEpochMillis(),
                ReportPeriod.of(reportMonth).endEpochMillis(), months, reportMonth);
    }

    private static String quarterLabel(YearMonth first, int quartersStart) {
        if (quartersStart == 1) {
            return String.format(Locale.ROOT, "%d-Q%d", first.getYear(), (first.getMonthValue() - 1) / 3 + 1);
        }
        return first + "/" + first.plusMonths(2);
    }

    boolean isQuarter() {
        return months.size() == 3;
    }

    /** False for a quarter reported before its last month: its figure stays provisional. */
    boolean complete() {
        return reportMonth.equals(lastMonth());
    }

    YearMonth lastMonth() {
        return months.get(months.size() - 1);
    }

    /** The previous month, or the whole previous quarter as reported in its last month. */
    MeasurePeriod previous() {
        YearMonth before = months.get(0).minusMonths(1);
        return isQuarter() ? quarter(before, quartersStart()) : month(before);
    }

    /** 1..3: the first month of this quarter's quarters (1 for a month). */
    int quartersStart() {
        return (months.get(0).getMonthValue() - 1) % 3 + 1;
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
