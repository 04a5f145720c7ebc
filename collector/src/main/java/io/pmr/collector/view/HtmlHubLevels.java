package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;

/**
 * The page's "SMWAN connectivity level: exceptions in hubs" section, present only when a figure is counted in hub-days
 * (catalogue method {@code hubs}): per measure the hub-days connected over hub-days in scope, and every excepted hub
 * (in scope, not connected on some day) with its days. At most {@value #MAX_ROWS} hubs a measure are listed on the
 * page; report.json lists them all. Stateless and thread-safe.
 */
final class HtmlHubLevels {
    static final int MAX_ROWS = 200;

    private HtmlHubLevels() {
    }

    static boolean present(MonthlyReport report) {
        return report.measures().stream().anyMatch(f -> f.detail() instanceof FigureDetail.HubLevel);
    }

    static void section(StringBuilder html, MonthlyReport report) {
        if (!present(report)) {
            return;
        }
        html.append("<section id=\"smwan-level\"><h2>SMWAN connectivity level: exceptions in hubs</h2>")
                .append("<p>Hub-days by pmr's rule: one check per installed hub at 12:00 UK each day; a hub excluded")
                .append(" for any part of a day is out of scope that day (docs/methodology.md).</p>");
        for (MeasureFigure figure : report.measures()) {
            if (!(figure.detail() instanceof FigureDetail.HubLevel level)) {
                continue;
            }
            html.append("<h3>").append(esc(figure.id())).append(" (").append(esc(figure.provider())).append(")</h3>")
                    .append("<p>").append(level.connectedHubDays()).append(" of ").append(level.hubDays())
                    .append(" hub-days connected (").append(level.hubs()).append(" hubs in scope), level <b>")
                    .append(num(figure.level())).append("</b>; ").append(level.exceptedHubs().size())
                    .append(" hubs excepted.</p>");
            if (level.exceptedHubs().isEmpty()) {
                continue;
            }
            html.append("<table class=\"excepted-hubs\"><thead><tr><th>Hub</th><th>Days not connected</th>")
                    .append("<th>Days in scope</th></tr></thead><tbody>");
            int rows = 0;
            for (FigureDetail.ExceptedHub hub : level.exceptedHubs()) {
                if (rows++ == MAX_ROWS) {
                    html.append("<tr><td colspan=\"3\">and ").append(level.exceptedHubs().size() - MAX_ROWS)
                            .append(" more (report.json lists every hub)</td></tr>");
                    break;
                }
                html.append("<tr><td>").append(esc(hub.hubId())).append("</td><td class=\"n\">")
                        .append(hub.daysNotConnected()).append("</td><td class=\"n\">").append(hub.daysInScope())
                        .append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</section>\n");
    }
}
