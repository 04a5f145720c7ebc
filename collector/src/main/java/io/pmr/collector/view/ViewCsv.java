package io.pmr.collector.view;

import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.measure.Levels;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * CSV of the page's tables that {@code report.csv} and {@code ReportWriter.writeCsvTables} do not cover: daily levels,
 * agents' completeness, firmware payload volumes and latency summaries. {@code \n} line ends, header always present,
 * fields quoted when they hold a comma, quote or line end. Stateless.
 */
final class ViewCsv {
    private ViewCsv() {
    }

    static String daily(MonthlyReport report, ReportViews views) {
        StringBuilder csv = new StringBuilder("measure,day,events,within_trt,level\n");
        for (MeasureFigure figure : report.measures()) {
            for (DailyCount day : views.dailyCounts(figure.id())) {
                BigDecimal level = Levels.level(day.withinTrt(), day.events());
                line(csv, figure.id(), day.day().toString(), Long.toString(day.events()),
                        Long.toString(day.withinTrt()), level == null ? "" : level.toPlainString());
            }
        }
        return csv.toString();
    }

    static String completeness(ReportViews views) {
        StringBuilder csv = new StringBuilder(
                "agent,day,day_minutes,declared_measures,declared_minutes,reported_intervals,final_minutes\n");
        for (Map.Entry<String, List<AgentDay>> agent : views.agentDays().entrySet()) {
            for (AgentDay day : agent.getValue()) {
                line(csv, day.agentId(), day.day().toString(), Integer.toString(day.dayMinutes()),
                        Integer.toString(day.declaredMeasures()), Long.toString(day.declaredMinutes()),
                        Long.toString(day.reportedIntervals()), Long.toString(day.finalMinutes()));
            }
        }
        return csv.toString();
    }

    static String firmware(MonthlyReport report) {
        StringBuilder csv = new StringBuilder("region,measure,hubs_within_trt,hubs_identified,level,status\n");
        for (MeasureFigure figure : HtmlTables.firmware(report)) {
            line(csv, figure.provider(), figure.id(), Long.toString(figure.numerator()),
                    Long.toString(figure.denominator()), Html.num(figure.level()).replace("\u2013", ""),
                    figure.status().code());
        }
        return csv.toString();
    }

    static String latency(MonthlyReport report, ReportViews views) {
        StringBuilder csv = new StringBuilder(
                "measure,trt,completed_events,p50_nanos,p90_nanos,p99_nanos,max_nanos,numerator,denominator\n");
        for (MeasureFigure figure : report.measures()) {
            Histogram histogram = views.latencyHistogram(figure.id());
            if (histogram != null) {
                line(csv, figure.id(), figure.trt() == null ? "" : figure.trt(),
                        Long.toString(histogram.getTotalCount()), Long.toString(histogram.getValueAtPercentile(50)),
                        Long.toString(histogram.getValueAtPercentile(90)),
                        Long.toString(histogram.getValueAtPercentile(99)), Long.toString(histogram.getMaxValue()),
                        Long.toString(figure.numerator()), Long.toString(figure.denominator()));
            }
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String... fields) {
        io.pmr.collector.report.CsvCells.line(csv, fields);
    }
}
