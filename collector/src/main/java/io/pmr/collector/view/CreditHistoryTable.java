package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;
import static io.pmr.collector.view.Html.num;

import io.pmr.collector.credit.CreditHistory;

/**
 * The 12-month service-credit table of the page: a row per charged provider and table (SMETS2, SMETS1), a column per
 * month, points over pounds; a month whose published version kept other credits is marked restated, with what was
 * first published.
 */
final class CreditHistoryTable {
    private CreditHistoryTable() {
    }

    static void append(StringBuilder html, CreditHistory history) {
        if (history.months().isEmpty()) {
            return;
        }
        html.append("<h3>Service credits, 12 months (points / \u00a3; \u2021 restated)</h3>")
                .append("<table id=\"credits-history-table\"><thead><tr><th>Provider</th><th>Table</th>");
        for (String month : history.months()) {
            html.append("<th>").append(esc(month)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (CreditHistory.ProviderHistory provider : history.providers()) {
            for (String generation : new String[] {"SMETS2", "SMETS1"}) {
                boolean smets1 = generation.equals("SMETS1");
                boolean any = provider.months().stream().anyMatch(m -> (smets1 ? m.smets1Points() : m.smets2Points())
                        .signum() != 0);
                if (smets1 && !any) {
                    continue; // a provider with no SMETS1 credits in 12 months gets one row
                }
                html.append("<tr data-provider=\"").append(esc(provider.provider())).append("\" data-table=\"")
                        .append(generation).append("\"><td>").append(esc(provider.provider())).append("</td><td>")
                        .append(generation).append("</td>");
                for (CreditHistory.MonthCredits month : provider.months()) {
                    html.append("<td class=\"n").append(month.restated() ? " restated" : "").append("\"");
                    if (month.restated()) {
                        html.append(" title=\"restated: first published ").append(num(month.firstPublishedPoints()))
                                .append(" points, \u00a3").append(num(month.firstPublishedPounds())).append("\"");
                    }
                    html.append(">").append(num(smets1 ? month.smets1Points() : month.smets2Points())).append(" / ")
                            .append(num(smets1 ? month.smets1Pounds() : month.smets2Pounds()))
                            .append(month.restated() ? " \u2021" : "").append("</td>");
                }
                html.append("</tr>");
            }
        }
        html.append("</tbody></table><p>Each month as computed now from stored data with this catalogue; \u2021 where a"
                + " published version of the month kept other credits for the provider (hover for the first"
                + " published figures). The DCC (Code Performance Measures) is not charged.</p>");
    }
}
