package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.IncidentRegister;
import io.pmr.collector.report.MeasureCommentary;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The page's incident section (per category, per incident with both durations and the clock that decided, aged
 * open, re-opened) and the commentary shown beside figures. Stateless.
 */
final class HtmlIncidents {
    private HtmlIncidents() {
    }

    static void section(StringBuilder html, MonthlyReport report) {
        html.append("<section id=\"incidents\"><h2>Incident resolution</h2>");
        for (MeasureFigure figure : report.measures()) {
            if (figure.detail() instanceof FigureDetail.Incidents incidents) {
                categoryTable(html, figure.id() + " (counted)", incidents.counted());
                categoryTable(html, figure.id() + " (before exclusions, for information only)",
                        incidents.beforeExclusions());
                timings(html, figure.id(), incidents.incidents());
            }
        }
        agedOpen(html, report.incidents().agedOpen());
        reopened(html, report.incidents().reopened());
        html.append("</section>\n");
    }

    private static void categoryTable(StringBuilder html, String caption, List<FigureDetail.IncidentCategory> rows) {
        html.append("<h3>").append(esc(caption)).append("</h3><table class=\"incidents\"><thead><tr><th>Category")
                .append("</th><th>Total</th><th>Within SLA</th><th>Failed SLA</th><th>% within SLA</th></tr></thead>")
                .append("<tbody>");
        for (FigureDetail.IncidentCategory row : rows) {
            html.append("<tr><td>").append(row.category()).append("</td><td class=\"n\">").append(row.total())
                    .append("</td><td class=\"n\">").append(row.within()).append("</td><td class=\"n\">")
                    .append(row.failed()).append("</td><td class=\"n\">").append(num(row.percentWithin()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void timings(StringBuilder html, String measureId, List<FigureDetail.IncidentTiming> timings) {
        if (timings.isEmpty()) {
            return;
        }
        html.append("<table class=\"incident-timings\" data-measure=\"").append(esc(measureId))
                .append("\"><thead><tr><th>Incident</th><th>Category</th><th>Impacted</th><th>Restored</th>")
                .append("<th>Raised</th><th>Resolved</th><th>Closed</th><th>Actual impact duration</th>")
                .append("<th>Incident duration</th><th>Target</th><th>Clock that decided</th>")
                .append("<th>Resolved within SLA</th><th>Excluded</th><th>Source</th></tr></thead><tbody>");
        for (FigureDetail.IncidentTiming t : timings) {
            html.append("<tr data-incident=\"").append(esc(t.incidentId())).append("\"><td>")
                    .append(esc(t.incidentId())).append("</td><td>").append(t.category()).append("</td><td>")
                    .append(time(t.impactedAt())).append("</td><td>").append(time(t.restoredAt())).append("</td><td>")
                    .append(time(t.raisedAt())).append("</td><td>").append(time(t.resolvedAt())).append("</td><td>")
                    .append(time(t.closedAt())).append("</td><td class=\"n\">").append(duration(t.impactSeconds()))
                    .append("</td><td class=\"n\">").append(duration(t.incidentSeconds()))
                    .append("</td><td class=\"n\">").append(duration(t.targetSeconds())).append("</td><td>")
                    .append(esc(t.clock()));
            if (t.clockFallback()) {
                html.append(" (fallback: no impact times; category on the ").append(esc(t.categoryClock()))
                        .append(" clock)");
            }
            html.append("</td><td>").append(t.within() ? "yes" : "no").append("</td><td>")
                    .append(esc(t.excludedReason())).append("</td><td class=\"src\">").append(esc(t.source()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void agedOpen(StringBuilder html, List<IncidentRegister.AgedOpen> rows) {
        html.append("<h3>Aged open incidents by month raised and category</h3><table id=\"incidents-aged-open\">")
                .append("<thead><tr><th>Month raised</th><th>Category</th><th>Open at the period end</th></tr>")
                .append("</thead><tbody>");
        for (IncidentRegister.AgedOpen row : rows) {
            html.append("<tr><td>").append(esc(row.monthRaised())).append("</td><td>").append(row.category())
                    .append("</td><td class=\"n\">").append(row.open()).append("</td></tr>");
        }
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"3\">No incident open at the period end.</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void reopened(StringBuilder html, List<IncidentRegister.Reopened> rows) {
        html.append("<h3>Incidents re-opened after closure</h3><table id=\"incidents-reopened\"><thead><tr>")
                .append("<th>Incident</th><th>Category</th><th>Closed before (source)</th><th>Closed now</th>")
                .append("<th>Counts in</th><th>Source</th></tr></thead><tbody>");
        for (IncidentRegister.Reopened row : rows) {
            StringBuilder earlier = new StringBuilder();
            for (int i = 0; i < row.earlierClosedAt().size(); i++) {
                earlier.append(i == 0 ? "" : "; ").append(row.earlierClosedAt().get(i)).append(" (")
                        .append(row.earlierSources().get(i)).append(')');
            }
            html.append("<tr data-incident=\"").append(esc(row.incidentId())).append("\"><td>")
                    .append(esc(row.incidentId())).append("</td><td>").append(row.category()).append("</td><td>")
                    .append(esc(earlier.toString())).append("</td><td>")
                    .append(row.closedAt() == null ? "open" : time(row.closedAt())).append("</td><td>")
                    .append(row.countedIn() == null ? "\u2013 (open)" : esc(row.countedIn()))
                    .append("</td><td class=\"src\">").append(esc(row.source())).append("</td></tr>");
        }
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"6\">No incident of this period was re-opened.</td></tr>");
        }
        html.append("</tbody></table>");
    }

    /**
     * A row under a figure's row with its imported reasons and mitigation (the caller's table has {@code columns}
     * columns); nothing when none was imported.
     */
    static void commentaryRow(StringBuilder html, MonthlyReport report, MeasureFigure figure, int columns) {
        MeasureCommentary c = report.commentaryOf(figure.id()).orElse(null);
        if (c == null) {
            return;
        }
        html.append("<tr class=\"commentary\" data-commentary-for=\"").append(esc(figure.id())).append("\"><td colspan=\"")
                .append(columns).append("\">").append(commentaryText(c, figure)).append("</td></tr>");
    }

    /** Reasons and mitigation as inline HTML, flagged when written for another status than the figure's. */
    static String commentaryText(MeasureCommentary c, MeasureFigure figure) {
        StringBuilder text = new StringBuilder("<b>Reasons</b>: ").append(esc(c.reason()));
        if (c.mitigation() != null) {
            text.append(" <b>Mitigation</b>: ").append(esc(c.mitigation()));
        }
        text.append(" <span class=\"src\">(").append(esc(c.source())).append(")</span>");
        if (!c.matchesStatus()) {
            text.append(" <span class=\"mismatch\">written for ").append(esc(c.status().replace('_', ' ')))
                    .append(", but the figure is ").append(esc(figure.status().code().replace('_', ' ')))
                    .append("</span>");
        }
        return text.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? "\u2013" : instant.toString();
    }

    /** Seconds as {@code 1 h 42 m} ({@code 2 d 3 h 0 m}, {@code 45 s}), or an en dash for none. */
    static String duration(Long seconds) {
        if (seconds == null) {
            return "\u2013";
        }
        long s = seconds;
        if (s < 60) {
            return s + " s";
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        String text = String.format(Locale.ROOT, "%d h %02d m", hours, minutes);
        return days > 0 ? days + " d " + text : text;
    }
}
