package io.pmr.collector.report;

import java.time.Instant;
import java.util.stream.Collectors;

/** The incident and commentary CSV tables: per-incident timings, aged open, re-opened, commentary. */
final class IncidentCsv {
    static final String TIMINGS_HEADER = "measure,incident_id,category,raised_at,resolved_at,closed_at,impacted_at,"
            + "restored_at,impact_seconds,incident_seconds,category_clock,clock,clock_fallback,target_seconds,within,"
            + "excluded_reason,source";
    static final String AGED_HEADER = "month_raised,category,open";
    static final String REOPENED_HEADER = "incident_id,category,earlier_closed_at,earlier_sources,closed_at,"
            + "counted_in,source";
    static final String COMMENTARY_HEADER = "measure,period,figure_status,status,matches_status,reason,mitigation,"
            + "source";

    private IncidentCsv() {
    }

    static ReportTable timings(MonthlyReport report) {
        ReportTable out = new ReportTable(TIMINGS_HEADER);
        for (MeasureFigure f : report.measures()) {
            if (f.detail() instanceof FigureDetail.Incidents incidents) {
                for (FigureDetail.IncidentTiming t : incidents.incidents()) {
                    out.add(f.id(), t.incidentId(), Integer.toString(t.category()), time(t.raisedAt()),
                            time(t.resolvedAt()), time(t.closedAt()), time(t.impactedAt()), time(t.restoredAt()),
                            count(t.impactSeconds()), count(t.incidentSeconds()), t.categoryClock(), t.clock(),
                            Boolean.toString(t.clockFallback()), count(t.targetSeconds()),
                            Boolean.toString(t.within()), CsvReport.text(t.excludedReason()), t.source());
                }
            }
        }
        return out;
    }

    static ReportTable agedOpen(MonthlyReport report) {
        ReportTable out = new ReportTable(AGED_HEADER);
        for (IncidentRegister.AgedOpen row : report.incidents().agedOpen()) {
            out.add(row.monthRaised(), Integer.toString(row.category()), Long.toString(row.open()));
        }
        return out;
    }

    /** Earlier closures and their sources are joined with {@code ;}. */
    static ReportTable reopened(MonthlyReport report) {
        ReportTable out = new ReportTable(REOPENED_HEADER);
        for (IncidentRegister.Reopened row : report.incidents().reopened()) {
            out.add(row.incidentId(), Integer.toString(row.category()),
                    row.earlierClosedAt().stream().map(Instant::toString).collect(Collectors.joining(";")),
                    String.join(";", row.earlierSources()), time(row.closedAt()), CsvReport.text(row.countedIn()),
                    row.source());
        }
        return out;
    }

    static ReportTable commentary(MonthlyReport report) {
        ReportTable out = new ReportTable(COMMENTARY_HEADER);
        for (MeasureFigure f : report.measures()) {
            report.commentaryOf(f.id()).ifPresent(c -> out.add(c.measureId(), c.period(),
                    f.status().code(), c.status(), Boolean.toString(c.matchesStatus()), c.reason(),
                    CsvReport.text(c.mitigation()), c.source()));
        }
        return out;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String count(Long value) {
        return value == null ? "" : value.toString();
    }
}
