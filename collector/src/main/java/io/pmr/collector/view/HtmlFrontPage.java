package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.credit.CreditTable;
import io.pmr.collector.credit.ProviderCredits;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top of the report page, what a reader needs first on one screen: the period and whether it is final, the
 * service-credit total, the measures counted by status, and a table of contents to the sections. Stateless.
 */
final class HtmlFrontPage {
    /** The statuses in the order the front page counts them, each with the words it uses. */
    static final Map<MeasureStatus, String> STATUS_WORDS = statusWords();

    private HtmlFrontPage() {
    }

    private static Map<MeasureStatus, String> statusWords() {
        Map<MeasureStatus, String> words = new LinkedHashMap<>();
        words.put(MeasureStatus.AT_OR_ABOVE_TARGET, "met target");
        words.put(MeasureStatus.BELOW_TARGET, "met minimum (below target)");
        words.put(MeasureStatus.BELOW_MINIMUM, "below minimum");
        words.put(MeasureStatus.NO_EVENTS, "no events");
        words.put(MeasureStatus.NOT_REPORTED, "not reported");
        words.put(MeasureStatus.DATA_EXEMPTED, "exempted");
        return java.util.Collections.unmodifiableMap(words);
    }

    /** The front block: key figures then contents; {@code sections} maps each section's id to its title, in order. */
    static void append(StringBuilder html, MonthlyReport report, Map<String, String> sections) {
        html.append("<section id=\"front\" class=\"front\"><div class=\"key-figures\">");
        credits(html, report);
        finality(html, report);
        html.append("</div>");
        statusCounts(html, report.measures());
        html.append("<nav id=\"contents\" aria-label=\"Contents\"><h2>Contents</h2><ul>");
        for (Map.Entry<String, String> section : sections.entrySet()) {
            html.append("<li><a href=\"#").append(esc(section.getKey())).append("\">").append(esc(section.getValue()))
                    .append("</a></li>");
        }
        html.append("</ul></nav></section>\n");
    }

    /** The service-credit total first: pounds, points, and the providers charged. */
    private static void credits(StringBuilder html, MonthlyReport report) {
        html.append("<p id=\"credit-total\" class=\"credit-total\">");
        if (report.publication() == null) {
            html.append("Service credits: <b>not computed</b> (figures only, not a published version of the period)")
                    .append("</p>");
            return;
        }
        CreditTable credits = report.publication().credits();
        long charged = credits.providers().stream().filter(p -> p.totalPounds().signum() != 0).count();
        html.append("Service credits: <b class=\"pounds\">\u00a3").append(num(credits.totalPounds())).append("</b> (")
                .append(num(credits.totalPoints())).append(" service points; ").append(charged)
                .append(charged == 1 ? " provider" : " providers").append(" charged");
        StringBuilder names = new StringBuilder();
        for (ProviderCredits provider : credits.providers()) {
            if (provider.totalPounds().signum() != 0) {
                names.append(names.length() == 0 ? ": " : ", ").append(provider.provider()).append(" \u00a3")
                        .append(num(provider.totalPounds()));
            }
        }
        html.append(esc(names.toString())).append(") <a href=\"#credits\">details</a></p>");
    }

    private static void finality(StringBuilder html, MonthlyReport report) {
        long provisional = report.measures().stream().filter(f -> !f.isFinal()).count();
        html.append("<p id=\"finality\" class=\"").append(provisional == 0 ? "final" : "provisional").append("\">")
                .append(esc(report.period().toString())).append(": ");
        if (provisional == 0) {
            html.append("<b>final</b>, every source has reported the whole period");
        } else {
            html.append("<b>provisional</b>, ").append(provisional).append(" of ").append(report.measures().size())
                    .append(" figures wait for a source (marked \u2020; <a href=\"#completeness\">why</a>)");
        }
        html.append("</p>");
    }

    /** Counts of measures by status, every status shown even at 0, so a reader sees at once what is missing. */
    static Map<MeasureStatus, Long> countByStatus(List<MeasureFigure> figures) {
        Map<MeasureStatus, Long> counts = new EnumMap<>(MeasureStatus.class);
        for (MeasureStatus status : MeasureStatus.values()) {
            counts.put(status, 0L);
        }
        for (MeasureFigure figure : figures) {
            counts.merge(figure.status(), 1L, Long::sum);
        }
        return counts;
    }

    private static void statusCounts(StringBuilder html, List<MeasureFigure> figures) {
        Map<MeasureStatus, Long> counts = countByStatus(figures);
        html.append("<table id=\"status-counts\" class=\"status-counts\"><caption>").append(figures.size())
                .append(" measures by status</caption><tbody><tr>");
        for (Map.Entry<MeasureStatus, String> status : STATUS_WORDS.entrySet()) {
            html.append("<td class=\"").append(status.getKey().code()).append("\" data-status=\"")
                    .append(status.getKey().code()).append("\"><span class=\"status\">").append(esc(status.getValue()))
                    .append("</span> <b class=\"count\">").append(counts.get(status.getKey())).append("</b></td>");
        }
        html.append("</tr></tbody></table>");
    }
}
