package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.credit.CreditRow;
import io.pmr.collector.credit.ProviderCredits;
import io.pmr.collector.data.AgentDay;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MissingRange;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.model.Trt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The report page's sections after the summary: tables in the published report's columns, with plots. */
final class HtmlTables {
    private final MonthlyReport report;
    private final ReportViews views;

    HtmlTables(MonthlyReport report, ReportViews views) {
        this.report = report;
        this.views = views;
    }

    static boolean isCpm(MeasureFigure figure) {
        return figure.id().startsWith("CPM");
    }

    void codeMeasures(StringBuilder html) {
        html.append("<section id=\"cpm\"><h2>3. Code Performance Measures</h2><table id=\"cpm-table\"><thead><tr>")
                .append("<th>CPM</th><th>Measure</th><th>Previous level</th><th>Level</th><th>Target</th>")
                .append("<th>Minimum</th><th>Status</th><th>Final</th><th>Level is</th>")
                .append("<th>Second reading</th><th>Contributors with data</th><th>Not reported (left out)</th>")
                .append("<th>Source</th></tr></thead><tbody>");
        List<MeasureFigure> cpms = report.measures().stream().filter(HtmlTables::isCpm).toList();
        for (MeasureFigure figure : cpms) {
            row(html, figure, List.of(figure.id(), figure.name()), List.of(previous(figure),
                    num(figure.level()), num(figure.target()), num(figure.minimum())));
            CompositeReadings.cells(html, figure);
            html.append("<td>").append(esc(String.join(", ", figure.contributors()))).append("</td>");
            CompositeReadings.notReported(html, figure);
            source(html, figure);
            html.append("</tr>");
            HtmlIncidents.commentaryRow(html, report, figure, 10);
        }
        html.append("</tbody></table>");
        CompositeReadings.contributorTables(html, cpms);
        plots(html, cpms);
        html.append("</section>\n");
    }

    /** The provider measures (every figure but the CPMs) by provider, in report order. */
    static Map<String, List<MeasureFigure>> byProvider(MonthlyReport report) {
        Map<String, List<MeasureFigure>> byProvider = new LinkedHashMap<>();
        for (MeasureFigure figure : report.measures()) {
            if (!isCpm(figure)) {
                byProvider.computeIfAbsent(figure.provider(), k -> new ArrayList<>()).add(figure);
            }
        }
        return byProvider;
    }

    /** The id of a provider's section: {@code provider-} and its name in lower case, runs of other characters as -. */
    static String providerSectionId(String provider) {
        return "provider-" + provider.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /**
     * A section per provider: the measures with a level in its table, those without (no events, not reported, data
     * exempted) folded beneath in a details element that says how many of each, so they do not bury the others.
     */
    void providers(StringBuilder html) {
        int number = 4;
        for (Map.Entry<String, List<MeasureFigure>> provider : byProvider(report).entrySet()) {
            List<MeasureFigure> figures = provider.getValue();
            List<MeasureFigure> withLevel = figures.stream().filter(f -> !f.status().withoutLevel()).toList();
            List<MeasureFigure> without = figures.stream().filter(f -> f.status().withoutLevel()).toList();
            html.append("<section class=\"provider\" id=\"").append(esc(providerSectionId(provider.getKey())))
                    .append("\" data-provider=\"").append(esc(provider.getKey()))
                    .append("\"><h2>").append(number++).append(". ").append(esc(provider.getKey()))
                    .append(" measures</h2>");
            if (withLevel.isEmpty()) {
                html.append("<p>No measure of this provider has a level this period.</p>");
            } else {
                measureTable(html, withLevel);
            }
            if (!without.isEmpty()) {
                html.append("<details class=\"folded\"><summary>").append(without.size())
                        .append(without.size() == 1 ? " measure" : " measures").append(" without a level (")
                        .append(esc(statusCounts(without))).append(")</summary>");
                measureTable(html, without);
                html.append("</details>");
            }
            plots(html, provider.getValue());
            html.append("</section>\n");
        }
    }

    /** {@code no events 12, not reported 3}: the statuses of the figures that occur, in the front page's order. */
    static String statusCounts(List<MeasureFigure> figures) {
        StringBuilder text = new StringBuilder();
        HtmlFrontPage.countByStatus(figures).forEach((status, count) -> {
            if (count > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(HtmlFrontPage.STATUS_WORDS.get(status)).append(' ')
                        .append(count);
            }
        });
        return text.toString();
    }

    private void measureTable(StringBuilder html, List<MeasureFigure> figures) {
        html.append("<table class=\"measures\"><thead><tr><th>PM number</th><th>Name</th>")
                .append("<th>Period</th><th>TRT</th><th>Previous</th><th>Level</th><th>Target</th>")
                .append("<th>Minimum</th><th>Status</th><th>Final</th><th>Numerator / denominator</th>")
                .append("<th>Excluded</th><th>Source</th></tr></thead><tbody>");
        for (MeasureFigure figure : figures) {
            row(html, figure, List.of(figure.id(), figure.name(), figure.period(),
                    figure.trt() == null ? "\u2013" : figure.trt()), List.of(previous(figure),
                    num(figure.level()), num(figure.target()), num(figure.minimum())));
            html.append("<td class=\"n\">").append(figure.numerator()).append(" / ").append(figure.denominator())
                    .append("</td><td class=\"n\">").append(figure.excludedTotal()).append("</td>");
            source(html, figure);
            html.append("</tr>");
            HtmlIncidents.commentaryRow(html, report, figure, 13);
        }
        html.append("</tbody></table>");
    }

    /** The CSPx/PM2 payload volumes per region: hubs delivered within TRT of those identified. */
    void firmwareVolumes(StringBuilder html) {
        html.append("<section id=\"firmware\"><h2>Firmware payload volumes</h2><table id=\"firmware-table\">")
                .append("<thead><tr><th>Region</th><th>Measure</th><th>Hubs with a payload delivered within TRT</th>")
                .append("<th>Connected hubs identified to receive one</th><th>Percentage</th><th>Status</th>")
                .append("<th>Source</th></tr></thead><tbody>");
        for (MeasureFigure figure : firmware(report)) {
            html.append("<tr data-measure=\"").append(esc(figure.id())).append("\" class=\"")
                    .append(figure.status().code()).append("\"><td>").append(esc(figure.provider()))
                    .append("</td><td>").append(esc(figure.id())).append("</td><td class=\"n\">")
                    .append(figure.numerator()).append("</td><td class=\"n\">").append(figure.denominator())
                    .append("</td><td class=\"n\">").append(num(figure.level())).append("</td>");
            status(html, figure);
            source(html, figure);
            html.append("</tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    static List<MeasureFigure> firmware(MonthlyReport report) {
        return report.measures().stream()
                .filter(f -> f.kind() == MeasureKind.WITHIN_TRT && f.id().endsWith("/PM2")).toList();
    }

    void powerOutages(StringBuilder html) {
        html.append("<section id=\"pm12\"><h2>PM12.2 working: power outage alerts</h2>");
        for (MeasureFigure figure : report.measures()) {
            if (figure.detail() instanceof FigureDetail.PowerOutage outage) {
                boolean perEvent = outage.headline().equals("per_event");
                html.append("<h3>").append(esc(figure.id())).append(" (").append(esc(figure.provider()))
                        .append(")</h3><p data-headline=\"").append(esc(outage.headline())).append("\">Per-event figure")
                        .append(perEvent ? " (the level)" : " (second reading)").append(": <b>")
                        .append(num(outage.perEventLevel()))
                        .append("</b> = 100 \u00d7 \u03a3 min(A, required) / \u03a3 required. As published")
                        .append(perEvent ? " (second reading)" : " (the level)").append(": <b>")
                        .append(num(outage.historicalLevel())).append("</b> = 100 \u00d7 \u03a3A / (((\u03a3N \u2212 50)")
                        .append(" \u00d7 0.25) + 50) with \u03a3A = ").append(figure.numerator()).append(", \u03a3N = ")
                        .append(figure.denominator()).append(".</p><table class=\"outages\"><thead><tr><th>Event</th>")
                        .append("<th>Hubs (N)</th><th>Alerts within TRT (A)</th><th>Required</th><th>Figure</th>")
                        .append("<th>Source</th></tr></thead><tbody>");
                for (FigureDetail.OutageEvent event : outage.events()) {
                    html.append("<tr><td>").append(esc(event.eventId())).append("</td><td class=\"n\">")
                            .append(event.hubs()).append("</td><td class=\"n\">").append(event.alertsWithinTrt())
                            .append("</td><td class=\"n\">").append(num(event.required())).append("</td><td class=\"n\">")
                            .append(num(event.figure())).append("</td><td class=\"src\">").append(esc(event.source()))
                            .append("</td></tr>");
                }
                html.append("</tbody></table>");
            }
        }
        html.append("</section>\n");
    }

    void exclusions(StringBuilder html) {
        html.append("<section id=\"exclusions\"><h2>Exclusions by reason</h2><table id=\"exclusions-table\"><thead>")
                .append("<tr><th>Measure</th><th>Reason</th><th>Count</th><th>Before exclusions (num / den, level)")
                .append("</th></tr></thead><tbody>");
        for (MeasureFigure figure : report.measures()) {
            for (ExcludedCount excluded : figure.excluded()) {
                html.append("<tr><td>").append(esc(figure.id())).append("</td><td>").append(esc(excluded.reason()))
                        .append("</td><td class=\"n\">").append(excluded.count()).append("</td><td class=\"n\">")
                        .append(figure.before().numerator()).append(" / ").append(figure.before().denominator())
                        .append(", ").append(num(figure.before().level())).append("</td></tr>");
            }
        }
        html.append("</tbody></table></section>\n");
    }

    void incidents(StringBuilder html) {
        HtmlIncidents.section(html, report);
    }

    void credits(StringBuilder html) {
        html.append("<section id=\"credits\"><h2>Service credits</h2>");
        if (report.publication() == null) {
            html.append("<p>Not a published report: no service credits computed.</p></section>\n");
            return;
        }
        html.append("<table id=\"credits-table\"><thead><tr><th>Provider</th><th>Measure</th><th>Target</th>")
                .append("<th>Minimum</th><th>Achieved</th><th>Service points</th><th>Credit (\u00a3)</th><th>KPI</th>")
                .append("<th>Feeds</th></tr></thead><tbody>");
        for (ProviderCredits provider : report.publication().credits().providers()) {
            for (CreditRow row : provider.rows()) {
                html.append("<tr><td>").append(esc(row.provider())).append("</td><td>").append(esc(row.measureId()))
                        .append("</td><td class=\"n\">").append(num(row.target())).append("</td><td class=\"n\">")
                        .append(num(row.minimum())).append("</td><td class=\"n\">").append(num(row.level()))
                        .append("</td><td class=\"n\">").append(num(row.points())).append("</td><td class=\"n\">")
                        .append(num(row.pounds())).append("</td><td>").append(row.kpi() ? "KPI (no credit)"
                                : row.charged() ? "" : "not charged")
                        .append("</td><td>").append(esc(row.feedsCpm())).append("</td></tr>");
            }
            html.append("<tr class=\"total\"><td>").append(esc(provider.provider())).append("</td><td>total</td>")
                    .append("<td></td><td></td><td></td><td class=\"n\">").append(num(provider.totalPoints()))
                    .append("</td><td class=\"n\">").append(num(provider.totalPounds())).append("</td><td></td><td></td></tr>");
        }
        html.append("</tbody><tfoot><tr><th colspan=\"5\">All providers</th><td class=\"n\">")
                .append(num(report.publication().credits().totalPoints())).append("</td><td class=\"n\">")
                .append(num(report.publication().credits().totalPounds())).append("</td><td></td><td></td></tr>")
                .append("</tfoot></table>");
        CreditHistoryTable.append(html, report.publication().creditHistory());
        html.append("</section>\n");
    }

    void completeness(StringBuilder html) {
        html.append("<section id=\"completeness\"><h2>Completeness and provisional figures</h2>");
        long provisional = report.measures().stream().filter(f -> !f.isFinal()).count();
        html.append("<p>").append(provisional).append(" provisional figure(s), marked \u2020 in the tables.</p>")
                .append("<table id=\"missing-table\"><thead><tr><th>Agent</th><th>Measure</th><th>Period</th>")
                .append("<th>Not reported from</th><th>to</th><th>Why</th></tr></thead><tbody>");
        for (MissingRange missing : report.missing()) {
            html.append("<tr><td>").append(esc(missing.agentId())).append("</td><td>").append(esc(missing.measureId()))
                    .append("</td><td>").append(esc(missing.period())).append("</td><td>")
                    .append(Html.instant(missing.fromEpochMillis())).append("</td><td>")
                    .append(Html.instant(missing.toEpochMillis())).append("</td><td>").append(esc(missing.reason()))
                    .append("</td></tr>");
        }
        if (report.missing().isEmpty()) {
            html.append("<tr><td colspan=\"6\">Nothing missing: every expected source has reported every measure it"
                    + " is expected for.</td></tr>");
        }
        html.append("</tbody></table><table id=\"provisional-table\"><thead><tr><th>Measure</th><th>Period</th>")
                .append("<th>Why provisional</th></tr></thead><tbody>");
        for (MeasureFigure figure : report.measures()) {
            if (!figure.isFinal()) {
                html.append("<tr data-measure=\"").append(esc(figure.id())).append("\"><td>").append(esc(figure.id()))
                        .append("</td><td>").append(esc(figure.period())).append("</td><td>")
                        .append(esc(String.join("; ", figure.whyProvisional()))).append("</td></tr>");
            }
        }
        html.append("</tbody></table><div class=\"plots\">");
        for (Map.Entry<String, List<AgentDay>> agent : views.agentDays().entrySet()) {
            html.append(SvgPlots.completeness(agent.getKey(), agent.getValue()));
        }
        html.append("</div></section>\n");
    }

    /** One figure's row up to and including status and final; the caller closes it. */
    private static void row(StringBuilder html, MeasureFigure figure, List<String> texts, List<String> numbers) {
        html.append("<tr data-measure=\"").append(esc(figure.id())).append("\" class=\"")
                .append(figure.status().code()).append("\">");
        for (String text : texts) {
            html.append("<td>").append(esc(text)).append("</td>");
        }
        for (String number : numbers) {
            html.append("<td class=\"n\">").append(esc(number)).append("</td>");
        }
        status(html, figure);
        html.append(figure.isFinal() ? "<td>final</td>" : "<td class=\"provisional\">\u2020 provisional</td>");
    }

    /** The previous level, marked \u2020 when that figure was provisional (a careful reader must not take it as final). */
    private static String previous(MeasureFigure figure) {
        String level = num(figure.previousLevel());
        return Boolean.FALSE.equals(figure.previousFinal()) ? level + " \u2020" : level;
    }

    private static void status(StringBuilder html, MeasureFigure figure) {
        html.append("<td class=\"status\">").append(figure.status().code().replace('_', ' ')).append("</td>");
    }

    private static void source(StringBuilder html, MeasureFigure figure) {
        html.append("<td class=\"src\">").append(esc(figure.source().code()));
        if (!figure.agents().isEmpty()) {
            html.append(" by ").append(esc(String.join(", ", figure.agents())));
        }
        if (!figure.files().isEmpty()) {
            html.append("; files: ").append(esc(String.join(", ", figure.files())));
        }
        html.append("</td>");
    }

    /** Latency and daily-level plots of the figures that have data for them. */
    private void plots(StringBuilder html, List<MeasureFigure> figures) {
        StringBuilder plots = new StringBuilder();
        for (MeasureFigure figure : figures) {
            Histogram histogram = views.latencyHistogram(figure.id());
            if (histogram != null) {
                plots.append(SvgPlots.latency(figure.id(), figure.trt(), histogram, trtNanos(figure.trt()),
                        figure.numerator(), figure.denominator()));
            }
            if (figure.kind() != MeasureKind.COUNT && views.dailyCounts(figure.id()).stream()
                    .anyMatch(d -> d.events() > 0)) {
                plots.append(SvgPlots.daily(figure.id(), views.dailyCounts(figure.id()), figure.target(),
                        figure.minimum()));
            }
        }
        if (plots.length() > 0) {
            html.append("<div class=\"plots\">").append(plots).append("</div>");
        }
    }

    /**
     * The catalogue's TRT duration in nanoseconds ({@code 15s} of {@code 15s in core hours} too), 0 when blank,
     * unreadable or a wall-clock deadline (then no TRT line is drawn: the time allowed differs per request).
     */
    static long trtNanos(String trt) {
        if (trt == null) {
            return 0;
        }
        try {
            Duration duration = Trt.parseRule(trt.trim().toLowerCase(Locale.ROOT)).duration();
            return duration == null ? 0 : duration.toNanos();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
