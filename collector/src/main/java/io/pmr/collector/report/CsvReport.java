package io.pmr.collector.report;

import java.time.Instant;
import java.util.List;

/**
 * The report's tables (written as CSV, served as CSV and JSON): one row per figure, and one table per kind of row
 * (incident categories, outage events, exclusions, missing ranges, credits, provisional figures, status counts).
 */
final class CsvReport {
    static final String HEADER = "id,provider,kind,numerator,denominator,level,target,minimum,status,final,"
            + "period,kpi,source,previous_level,numerator_before,denominator_before,level_before,excluded_total,"
            + "historical_level,previous_final,method,per_event_level,mean_of_levels,pooled_level,not_reported,"
            + "name,trt,unit";
    static final String INCIDENTS_HEADER = "measure,table,category,total,within,failed,percent_within,clock,"
            + "incident_clock_fallbacks";
    static final String OUTAGES_HEADER = "measure,event_id,hubs,alerts_within_trt,required,figure,source";
    static final String EXCLUSIONS_HEADER = "measure,reason,count";
    static final String MISSING_HEADER = "agent,measure,period,from,to,reason";

    private CsvReport() {
    }

    static ReportTable figures(MonthlyReport report) {
        ReportTable out = new ReportTable(HEADER);
        for (MeasureFigure f : report.measures()) {
            String historical = "";
            String method = "";
            String perEvent = "";
            String mean = "";
            String pooled = "";
            String notReported = "";
            if (f.detail() instanceof FigureDetail.PowerOutage outage) {
                historical = text(ReportWriter.plain(outage.historicalLevel()));
                method = outage.headline();
                perEvent = text(ReportWriter.plain(outage.perEventLevel()));
            } else if (f.detail() instanceof FigureDetail.Composite composite) {
                method = composite.method();
                mean = text(ReportWriter.plain(composite.meanOfLevels()));
                pooled = text(ReportWriter.plain(composite.pooledLevel()));
                notReported = String.join(";", composite.notReported());
            }
            out.add(f.id(), f.provider(), f.kind().code(), Long.toString(f.numerator()),
                    Long.toString(f.denominator()), text(ReportWriter.plain(f.level())),
                    ReportWriter.plain(f.target()), text(ReportWriter.plain(f.minimum())), f.status().code(),
                    Boolean.toString(f.isFinal()), f.period(), Boolean.toString(f.kpi()), f.source().code(),
                    text(ReportWriter.plain(f.previousLevel())), Long.toString(f.before().numerator()),
                    Long.toString(f.before().denominator()), text(ReportWriter.plain(f.before().level())),
                    Long.toString(f.excludedTotal()), historical,
                    f.previousFinal() == null ? "" : Boolean.toString(f.previousFinal()), method, perEvent, mean, pooled,
                    notReported, f.name(), text(f.trt()), unit(f.kind()));
        }
        return out;
    }

    /**
     * The unit of a figure's level, target and minimum in {@code report.csv}: {@code count} for a count measure (lower
     * is better), {@code percent} for every other kind (a percentage, 0 to 100, 2 decimals).
     */
    static String unit(io.pmr.collector.catalogue.MeasureKind kind) {
        return kind == io.pmr.collector.catalogue.MeasureKind.COUNT ? "count" : "percent";
    }

    static ReportTable incidents(MonthlyReport report) {
        ReportTable out = new ReportTable(INCIDENTS_HEADER);
        for (MeasureFigure f : report.measures()) {
            if (f.detail() instanceof FigureDetail.Incidents incidents) {
                categories(out, f.id(), "counted", incidents.counted(), incidents.incidents(), true);
                categories(out, f.id(), "before_exclusions", incidents.beforeExclusions(), incidents.incidents(),
                        false);
            }
        }
        return out;
    }

    /**
     * Category rows with the category's clock and how many of its incidents fell back to the incident clock (no
     * impact times); {@code counted} leaves excluded incidents out of that count.
     */
    private static void categories(ReportTable out, String id, String table,
            List<FigureDetail.IncidentCategory> rows, List<FigureDetail.IncidentTiming> timings, boolean counted) {
        for (FigureDetail.IncidentCategory row : rows) {
            String clock = "";
            long fallbacks = 0;
            for (FigureDetail.IncidentTiming t : timings) {
                if (t.category() == row.category() && (!counted || t.excludedReason() == null)) {
                    clock = t.categoryClock();
                    fallbacks += t.clockFallback() ? 1 : 0;
                }
            }
            out.add(id, table, Integer.toString(row.category()), Long.toString(row.total()),
                    Long.toString(row.within()), Long.toString(row.failed()),
                    text(ReportWriter.plain(row.percentWithin())), clock, Long.toString(fallbacks));
        }
    }

    static ReportTable outages(MonthlyReport report) {
        ReportTable out = new ReportTable(OUTAGES_HEADER);
        for (MeasureFigure f : report.measures()) {
            if (f.detail() instanceof FigureDetail.PowerOutage outage) {
                for (FigureDetail.OutageEvent e : outage.events()) {
                    out.add(f.id(), e.eventId(), Long.toString(e.hubs()), Long.toString(e.alertsWithinTrt()),
                            ReportWriter.plain(e.required()), ReportWriter.plain(e.figure()), text(e.source()));
                }
            }
        }
        return out;
    }

    static ReportTable exclusions(MonthlyReport report) {
        ReportTable out = new ReportTable(EXCLUSIONS_HEADER);
        for (MeasureFigure f : report.measures()) {
            for (ExcludedCount count : f.excluded()) {
                out.add(f.id(), count.reason(), Long.toString(count.count()));
            }
        }
        return out;
    }

    static ReportTable missing(MonthlyReport report) {
        ReportTable out = new ReportTable(MISSING_HEADER);
        for (MissingRange r : report.missing()) {
            out.add(r.agentId(), r.measureId(), r.period(), Instant.ofEpochMilli(r.fromEpochMillis()).toString(),
                    Instant.ofEpochMilli(r.toEpochMillis()).toString(), r.reason());
        }
        return out;
    }

    static final String CREDITS_HEADER = "provider,measure,target,minimum,level,points,pounds,kpi,credited,feeds_cpm,"
            + "charged,generation";
    static final String CREDITS_HISTORY_HEADER = "provider,month,smets2_points,smets2_pounds,smets1_points,"
            + "smets1_pounds,points,pounds,published_versions,first_published_points,first_published_pounds,restated";

    /** The credits table: one row per measure that missed its target, then a total row per provider. */
    static ReportTable credits(io.pmr.collector.credit.CreditTable credits) {
        ReportTable out = new ReportTable(CREDITS_HEADER);
        for (io.pmr.collector.credit.ProviderCredits provider : credits.providers()) {
            for (io.pmr.collector.credit.CreditRow row : provider.rows()) {
                out.add(provider.provider(), row.measureId(), ReportWriter.plain(row.target()),
                        text(ReportWriter.plain(row.minimum())), ReportWriter.plain(row.level()),
                        ReportWriter.plain(row.points()), ReportWriter.plain(row.pounds()), Boolean.toString(row.kpi()),
                        Boolean.toString(row.credited()), text(row.feedsCpm()), Boolean.toString(row.charged()),
                        row.generation());
            }
            out.add(provider.provider(), "total", "", "", "", ReportWriter.plain(provider.totalPoints()),
                    ReportWriter.plain(provider.totalPounds()), "", "", "", "", "");
        }
        return out;
    }

    /** The 12-month credit table: one row per provider and month, oldest month first. */
    static ReportTable creditsHistory(io.pmr.collector.credit.CreditHistory history) {
        ReportTable out = new ReportTable(CREDITS_HISTORY_HEADER);
        for (io.pmr.collector.credit.CreditHistory.ProviderHistory provider : history.providers()) {
            for (io.pmr.collector.credit.CreditHistory.MonthCredits m : provider.months()) {
                out.add(provider.provider(), m.month(), ReportWriter.plain(m.smets2Points()),
                        ReportWriter.plain(m.smets2Pounds()), ReportWriter.plain(m.smets1Points()),
                        ReportWriter.plain(m.smets1Pounds()), ReportWriter.plain(m.points()),
                        ReportWriter.plain(m.pounds()), Integer.toString(m.publishedVersions()),
                        text(ReportWriter.plain(m.firstPublishedPoints())),
                        text(ReportWriter.plain(m.firstPublishedPounds())), Boolean.toString(m.restated()));
            }
        }
        return out;
    }

    static final String PROVISIONAL_HEADER = "measure,period,why_provisional";
    static final String STATUS_COUNTS_HEADER = "status,count";

    /** The figures that are not final and why, reasons joined with {@code ;} (the page's provisional table). */
    static ReportTable provisional(MonthlyReport report) {
        ReportTable out = new ReportTable(PROVISIONAL_HEADER);
        for (MeasureFigure f : report.measures()) {
            if (!f.isFinal()) {
                out.add(f.id(), f.period(), String.join(";", f.whyProvisional()));
            }
        }
        return out;
    }

    /** How many figures have each status, every status listed (the page's front block). */
    static ReportTable statusCounts(MonthlyReport report) {
        ReportTable out = new ReportTable(STATUS_COUNTS_HEADER);
        for (MeasureStatus status : MeasureStatus.values()) {
            out.add(status.code(), Long.toString(report.measures().stream().filter(f -> f.status() == status).count()));
        }
        return out;
    }

    static String text(String value) {
        return value == null ? "" : value;
    }
}
