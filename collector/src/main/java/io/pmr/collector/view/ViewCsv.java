package io.pmr.collector.view;

import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.measure.Levels;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportTable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The page's tables that {@code report.csv} and {@code ReportWriter.writeCsvTables} do not cover: daily levels,
 * agents' completeness, firmware payload volumes and latency summaries (written as CSV by {@link ReportTable#csv}).
 * Stateless.
 */
final class ViewCsv {
    private ViewCsv() {
    }

    static ReportTable daily(MonthlyReport report, ReportViews views) {
        ReportTable csv = new ReportTable("measure,day,events,within_trt,level");
        for (MeasureFigure figure : report.measures()) {
            for (DailyCount day : views.dailyCounts(figure.id())) {
                BigDecimal level = Levels.level(day.withinTrt(), day.events());
                csv.add(figure.id(), day.day().toString(), Long.toString(day.events()),
                        Long.toString(day.withinTrt()), level == null ? "" : level.toPlainString());
            }
        }
        return csv;
    }

    static ReportTable completeness(ReportViews views) {
        ReportTable csv = new ReportTable(
                "agent,day,day_minutes,declared_measures,declared_minutes,reported_intervals,final_minutes");
        for (Map.Entry<String, List<AgentDay>> agent : views.agentDays().entrySet()) {
            for (AgentDay day : agent.getValue()) {
                csv.add(day.agentId(), day.day().toString(), Integer.toString(day.dayMinutes()),
                        Integer.toString(day.declaredMeasures()), Long.toString(day.declaredMinutes()),
                        Long.toString(day.reportedIntervals()), Long.toString(day.finalMinutes()));
            }
        }
        return csv;
    }

    static ReportTable firmware(MonthlyReport report) {
        ReportTable csv = new ReportTable("region,measure,hubs_within_trt,hubs_identified,level,status");
        for (MeasureFigure figure : HtmlTables.firmware(report)) {
            csv.add(figure.provider(), figure.id(), Long.toString(figure.numerator()),
                    Long.toString(figure.denominator()), Html.num(figure.level()).replace("\u2013", ""),
                    figure.status().code());
        }
        return csv;
    }

    static ReportTable latency(MonthlyReport report, ReportViews views) {
        ReportTable csv = new ReportTable(
                "measure,trt,completed_events,p50_nanos,p90_nanos,p99_nanos,max_nanos,numerator,denominator");
        for (MeasureFigure figure : report.measures()) {
            Histogram histogram = views.latencyHistogram(figure.id());
            if (histogram != null) {
                csv.add(figure.id(), figure.trt() == null ? "" : figure.trt(),
                        Long.toString(histogram.getTotalCount()), Long.toString(histogram.getValueAtPercentile(50)),
                        Long.toString(histogram.getValueAtPercentile(90)),
                        Long.toString(histogram.getValueAtPercentile(99)), Long.toString(histogram.getMaxValue()),
                        Long.toString(figure.numerator()), Long.toString(figure.denominator()));
            }
        }
        return csv;
    }
}
