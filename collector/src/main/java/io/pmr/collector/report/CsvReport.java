package io.pmr.collector.report;

import java.time.Instant;
import java.util.List;

/** The CSV texts: one row per figure, and one file per table (incident categories, outage events, exclusions). */
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

    static String figures(MonthlyReport report) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
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
            line(out, f.id(), f.provider(), f.kind().code(), Long.toString(f.numerator()),
                    Long.toString(f.denominator()), text(ReportWriter.plain(f.level())),
                    ReportWriter.plain(f.target()), text(ReportWriter.plain(f.minimum())), f.status().code(),
                    Boolean.toString(f.isFinal()), f.period(), Boolean.toString(f.kpi()), f.source().code(),
                    text(ReportWriter.plain(f.previousLevel())), Long.toString(f.before().numerator()),
                    Long.toString(f.before().denominator()), text(ReportWriter.plain(f.before().level())),
                    Long.toString(f.excludedTotal()), historical,
                    f.previousFinal() == null ? "" : Boolean.toString(f.previousFinal()), method, perEvent, mean, pooled,
                    notReported, f.name(), text(f.trt()), unit(f.kind()));
        }
        return out.toString();
    }

    /**
     * The unit of a figure's level, target and minimum in {@code report.csv}: {@code count} for a count measure (lower
     * is better), {@code percent} for every other kind (a percentage, 0 to 100, 2 decimals).
     */
    static String unit(io.pmr.collector.catalogue.MeasureKind kind) {
        return kind == io.pmr.collector.catalogue.MeasureKind.COUNT ? "count" : "percent";
    }

    static String incidents(MonthlyReport report) {
        StringBuilder out = new StringBuilder(INCIDENTS_HEADER).append('\n');
        for (MeasureFigure f : report.measures()) {
            if (f.detail() instanceof FigureDetail.Incidents incidents) {
                categories(out, f.id(), "counted", incidents.counted(), incidents.incidents(), true);
                categories(out, f.id(), "before_exclusions", incidents.beforeExclusions(), incidents.incidents(),
                        false);
            }
        }
        return out.toString();
    }

    /**
     * Category rows with the category's clock and how many of its incidents fell back to the incident clock (no
     * impact times); {@code counted} leaves excluded incidents out of that count.
     */
    private static void categories(StringBuilder out, String id, String table,
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
            line(out, id, table, Integer.toString(row.category()), Long.toString(row.total()),
                    Long.toString(row.within()), Long.toString(row.failed()),
                    text(ReportWriter.plain(row.percentWithin())), clock, Long.toString(fallbacks));
        }
    }

    static String outages(MonthlyReport report) {
        StringBuilder out = new StringBuilder(OUTAGES_HEADER).append('\n');
        for (MeasureFigure f : report.measures()) {
            if (f.detail() instanceof FigureDetail.PowerOutage outage) {
                for (FigureDetail.OutageEvent e : outage.events()) {
                    line(out, f.id(), e.eventId(), Long.toString(e.hubs()), Long.toString(e.alertsWithinTrt()),
                            ReportWriter.plain(e.required()), ReportWriter.plain(e.figure()), text(e.source()));
                }
            }
        }
        return out.toString();
    }

    static String exclusions(MonthlyReport report) {
        StringBuilder out = new StringBuilder(EXCLUSIONS_HEADER).append('\n');
        for (MeasureFigure f : report.measures()) {
            for (ExcludedCount count : f.excluded()) {
                line(out, f.id(), count.reason(), Long.toString(count.count()));
            }
        }
        return out.toString();
    }

    static String missing(MonthlyReport report) {
        StringBuilder out = new StringBuilder(MISSING_HEADER).append('\n');
        for (MissingRange r : report.missing()) {
            line(out, r.agentId(), r.measureId(), r.period(), Instant.ofEpochMilli(r.fromEpochMillis()).toString(),
                    Instant.ofEpochMilli(r.toEpochMillis()).toString(), r.reason());
        }
        return out.toString();
    }

    static final String CREDITS_HEADER = "provider,measure,target,minimum,level,points,pounds,kpi,credited,feeds_cpm,"
            + "charged,generation";
    static final String CREDITS_HISTORY_HEADER = "provider,month,smets2_points,smets2_pounds,smets1_points,"
            + "smets1_pounds,points,pounds,published_versions,first_published_points,first_published_pounds,restated";

    /** The credits table: one row per measure that missed its target, then a total row per provider. */
    static String credits(MonthlyReport report) {
        StringBuilder out = new StringBuilder(CREDITS_HEADER).append('\n');
        if (report.publication() == null) {
            return out.toString();
        }
        for (io.pmr.collector.credit.ProviderCredits provider : report.publication().credits().providers()) {
            for (io.pmr.collector.credit.CreditRow row : provider.rows()) {
                line(out, provider.provider(), row.measureId(), ReportWriter.plain(row.target()),
                        text(ReportWriter.plain(row.minimum())), ReportWriter.plain(row.level()),
                        ReportWriter.plain(row.points()), ReportWriter.plain(row.pounds()), Boolean.toString(row.kpi()),
                        Boolean.toString(row.credited()), text(row.feedsCpm()), Boolean.toString(row.charged()),
                        row.generation());
            }
            line(out, provider.provider(), "total", "", "", "", ReportWriter.plain(provider.totalPoints()),
                    ReportWriter.plain(provider.totalPounds()), "", "", "", "", "");
        }
        return out.toString();
    }

    /** The 12-month credit table: one row per provider and month, oldest month first. */
    static String creditsHistory(MonthlyReport report) {
        StringBuilder out = new StringBuilder(CREDITS_HISTORY_HEADER).append('\n');
        if (report.publication() == null) {
            return out.toString();
        }
        for (io.pmr.collector.credit.CreditHistory.ProviderHistory provider
                : report.publication().creditHistory().providers()) {
            for (io.pmr.collector.credit.CreditHistory.MonthCredits m : provider.months()) {
                line(out, provider.provider(), m.month(), ReportWriter.plain(m.smets2Points()),
                        ReportWriter.plain(m.smets2Pounds()), ReportWriter.plain(m.smets1Points()),
                        ReportWriter.plain(m.smets1Pounds()), ReportWriter.plain(m.points()),
                        ReportWriter.plain(m.pounds()), Integer.toString(m.publishedVersions()),
                        text(ReportWriter.plain(m.firstPublishedPoints())),
                        text(ReportWriter.plain(m.firstPublishedPounds())), Boolean.toString(m.restated()));
            }
        }
        return out.toString();
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    static void line(StringBuilder out, String... cells) {
        CsvCells.line(out, cells);
    }
}
