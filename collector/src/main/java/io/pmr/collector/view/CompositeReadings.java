package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import java.util.List;

/**
 * The composites' part of the Code Performance Measures section: which reading is the level, the other reading beside
 * it, the contributors left out as not reported, and per composite its contributors' levels as the mean used them.
 */
final class CompositeReadings {
    private CompositeReadings() {
    }

    /** Cells "Level is" and "Second reading" of a CPM row (empty for a CPM that is not a composite, e.g. CPM4). */
    static void cells(StringBuilder html, MeasureFigure figure) {
        if (!(figure.detail() instanceof FigureDetail.Composite composite)) {
            html.append("<td>").append(esc(figure.kind().code())).append("</td><td></td>");
            return;
        }
        boolean mean = composite.method().equals("mean_of_levels");
        html.append("<td class=\"method\">").append(mean ? "mean of contributors' levels" : "pooled events")
                .append("</td><td class=\"n second\">").append(mean ? "pooled events: " : "mean of levels: ")
                .append(num(mean ? composite.pooledLevel() : composite.meanOfLevels())).append("</td>");
    }

    /** Cell "Not reported (left out)". */
    static void notReported(StringBuilder html, MeasureFigure figure) {
        html.append("<td class=\"not-reported\">");
        if (figure.detail() instanceof FigureDetail.Composite composite) {
            html.append(esc(String.join(", ", composite.notReported())));
        }
        html.append("</td>");
    }

    /** Per composite, its contributors: level, status, whether the level is a term of the mean. */
    static void contributorTables(StringBuilder html, List<MeasureFigure> cpms) {
        html.append("<details id=\"cpm-contributors\"><summary>How each composite was computed</summary>");
        for (MeasureFigure figure : cpms) {
            if (!(figure.detail() instanceof FigureDetail.Composite composite)) {
                continue;
            }
            long terms = composite.contributors().stream().filter(FigureDetail.Contributor::inMean).count();
            html.append("<h3>").append(esc(figure.id())).append("</h3><p>Mean of ").append(terms)
                    .append(" contributors' levels (each as published, half-up to 2 decimals): <b>")
                    .append(num(composite.meanOfLevels())).append("</b>; pooled events ")
                    .append(figure.numerator()).append(" / ").append(figure.denominator()).append(": <b>")
                    .append(num(composite.pooledLevel())).append("</b>. The level is the ")
                    .append(composite.method().equals("mean_of_levels") ? "mean" : "pooled figure")
                    .append(" (catalogue method ").append(esc(composite.method())).append(").</p>")
                    .append("<table class=\"contributors\" data-composite=\"").append(esc(figure.id()))
                    .append("\"><thead><tr><th>Contributor</th><th>Level</th><th>Status</th><th>In the mean</th>")
                    .append("</tr></thead><tbody>");
            for (FigureDetail.Contributor contributor : composite.contributors()) {
                html.append("<tr class=\"").append(esc(contributor.status())).append("\"><td>")
                        .append(esc(contributor.id())).append("</td><td class=\"n\">").append(num(contributor.level()))
                        .append("</td><td class=\"status\">").append(esc(contributor.status().replace('_', ' ')))
                        .append("</td><td>").append(contributor.inMean() ? "yes" : "no, left out").append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</details>");
    }
}
