package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;

import io.pmr.collector.report.IntegrityNotes;

/**
 * The page's "Conflicts and identity clashes" section, present only when the report carries such notes: each conflict
 * names the agent, the envelope key, both payload hashes and when it came; each clash the agent id, both boot epochs
 * and when their births alternated. Stateless and thread-safe.
 */
final class HtmlIntegrity {
    private HtmlIntegrity() {
    }

    static void section(StringBuilder html, IntegrityNotes notes) {
        if (notes.isEmpty()) {
            return;
        }
        html.append("<section id=\"conflicts\"><h2>Conflicts and identity clashes</h2>")
                .append("<p class=\"warning\">Counted in no figure. A conflict is a message that came under an envelope"
                        + " key (agent, boot epoch, sequence) the collector already holds with other content: it is kept"
                        + " apart and never acknowledged; the first content stays. An identity clash is two agents live"
                        + " at once under one agent id (a cloned or doubly started agent).</p>");
        if (!notes.conflicts().isEmpty()) {
            html.append("<table id=\"conflicts-table\"><thead><tr><th>agent</th><th>boot epoch</th><th>sequence</th>"
                    + "<th>stored sha256</th><th>received sha256</th><th>first received</th><th>last received</th>"
                    + "<th>receipts</th></tr></thead><tbody>");
            for (IntegrityNotes.Conflict c : notes.conflicts()) {
                html.append("<tr data-agent=\"").append(esc(c.agentId())).append("\"><td>").append(esc(c.agentId()))
                        .append("</td><td>").append(esc(c.bootEpoch())).append("</td><td>").append(esc(c.sequence()))
                        .append("</td><td><code>").append(esc(c.storedSha256())).append("</code></td><td><code>")
                        .append(esc(c.receivedSha256())).append("</code></td><td>")
                        .append(esc(Html.instant(c.firstReceivedEpochMillis()))).append("</td><td>")
                        .append(esc(Html.instant(c.lastReceivedEpochMillis()))).append("</td><td>").append(c.receipts())
                        .append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        if (!notes.identityClashes().isEmpty()) {
            html.append("<table id=\"identity-clashes-table\"><thead><tr><th>agent</th><th>boot epoch A</th>"
                    + "<th>boot epoch B</th><th>first seen</th><th>last seen</th></tr></thead><tbody>");
            for (IntegrityNotes.Clash c : notes.identityClashes()) {
                html.append("<tr data-agent=\"").append(esc(c.agentId())).append("\"><td>").append(esc(c.agentId()))
                        .append("</td><td>").append(esc(c.bootEpochA())).append("</td><td>").append(esc(c.bootEpochB()))
                        .append("</td><td>").append(esc(Html.instant(c.firstSeenEpochMillis()))).append("</td><td>")
                        .append(esc(Html.instant(c.lastSeenEpochMillis()))).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</section>\n");
    }
}
