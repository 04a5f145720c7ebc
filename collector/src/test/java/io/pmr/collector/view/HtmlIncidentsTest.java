package io.pmr.collector.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's incident section and commentary, from imports stored in a real SQLite file. */
class HtmlIncidentsTest {
    private static final Catalogue CATALOGUE = Catalogue.shipped();
    @TempDir
    Path dir;
    String html;

    @BeforeEach
    void render() {
        ImportParser parser = new ImportParser(CATALOGUE);
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            store.storeImport(parser.parse(ImportKind.INCIDENTS, "incidents.csv", """
                    incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason,provider,impacted_at,\
                    restored_at
                    INC000000629108,1,2020-09-15T02:23:00,2020-09-15T08:26:00,2020-09-15T09:00:00,,,\
                    2020-09-15T02:00:00,2020-09-15T03:42:00
                    INC2,2,2020-09-16T10:00:00Z,2020-09-16T19:00:00Z,2020-09-16T20:00:00Z,,,,
                    OLD1,4,2020-07-02T10:00:00Z,,,,,,
                    """.getBytes(StandardCharsets.UTF_8)), 1_000);
            store.storeImport(parser.parse(ImportKind.COMMENTARY, "commentary.csv", """
                    measure,period,status,reason,mitigation
                    CPM4,2020-09,below_minimum,"Long <b>DSP</b> outage",Runbook & training
                    """.getBytes(StandardCharsets.UTF_8)), 2_000);
            MonthlyReport report = new MeasureEngine(CATALOGUE).compute(YearMonth.of(2020, 9), store,
                    Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
            html = HtmlReport.render(report, ReportViews.load(report, store, store.dataFingerprint()));
        }
    }

    @Test
    void everyIncidentShowsBothDurationsAndTheClockThatDecided() {
        String section = section("incidents");
        String row = row(section, "INC000000629108");
        assertTrue(row.contains("<td class=\"n\">1 h 42 m</td><td class=\"n\">6 h 03 m</td>"
                + "<td class=\"n\">4 h 00 m</td><td>impact</td><td>yes</td>"), row);
        String fallback = row(section, "INC2");
        assertTrue(fallback.contains("<td class=\"n\">\u2013</td><td class=\"n\">9 h 00 m</td>"), fallback);
        assertTrue(fallback.contains("<td>incident (fallback: no impact times; category on the impact clock)</td>"
                + "<td>no</td>"), fallback);
    }

    @Test
    void agedOpenAndReopenedTablesAreInTheIncidentSection() {
        String section = section("incidents");
        assertTrue(section.contains("<table id=\"incidents-aged-open\">"), section);
        assertTrue(section.contains("<tr><td>2020-07</td><td>4</td><td class=\"n\">1</td></tr>"), section);
        assertTrue(section.contains("No incident of this period was re-opened."), section);
    }

    @Test
    void commentaryStandsBesideItsFigureEscaped() {
        String cpmTable = html.substring(html.indexOf("<table id=\"cpm-table\">"));
        cpmTable = cpmTable.substring(0, cpmTable.indexOf("</table>"));
        assertTrue(cpmTable.contains("<tr class=\"commentary\" data-commentary-for=\"CPM4\"><td colspan=\"10\"><b>Reasons</b>:"
                + " Long &lt;b&gt;DSP&lt;/b&gt; outage <b>Mitigation</b>: Runbook &amp; training"
                + " <span class=\"src\">(commentary.csv:2)</span></td></tr>"), cpmTable);
        String summary = section("summary");
        assertTrue(summary.contains("Long &lt;b&gt;DSP&lt;/b&gt; outage"), summary);
        assertFalse(html.contains("<b>DSP</b>"));
        assertEquals(-1, cpmTable.indexOf("class=\"mismatch\""), "CPM4 is below minimum, as the commentary says");
    }

    private String section(String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static String row(String text, String incident) {
        int start = text.indexOf("<tr data-incident=\"" + incident + "\">");
        assertTrue(start >= 0, incident + " listed");
        return text.substring(start, text.indexOf("</tr>", start));
    }
}
