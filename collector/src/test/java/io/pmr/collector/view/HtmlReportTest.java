package io.pmr.collector.view;

import static io.pmr.collector.view.ViewFixture.CATALOGUE;
import static io.pmr.collector.view.ViewFixture.OCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;
    String html;

    @BeforeEach
    void render() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            ViewFixture.store(store);
            MonthlyReport report = new MeasureEngine(CATALOGUE).compute(YearMonth.of(2020, 9), store,
                    OCT + 1);
            Path page = ViewFiles.write(report, store, store.dataFingerprint(), dir.resolve("out"));
            html = Files.readString(page);
            assertEquals(html, HtmlReport.render(report, ReportViews.load(report, store, store.dataFingerprint())),
                    "the same data renders the same page");
        }
    }

    @Test
    void executiveSummaryNamesExactlyTheMeasuresBelowTargetOrMinimum() {
        String summary = section("summary");
        assertEquals(List.of("CPM1", "CSPN/PM4.3", "CSPC/PM4.3"), attributes(summary, "li", "data-measure"));
        assertTrue(summary.contains("<li data-measure=\"CPM1\" class=\"below_minimum\">"), summary);
        assertTrue(summary.contains("<li data-measure=\"CSPN/PM4.3\" class=\"below_target\">"), summary);
        assertTrue(summary.contains("pulled down by CSPN/PM4.3 82.00, CSPC/PM4.3 50.00"), summary);
    }

    @Test
    void cpmTableHasOneRowPerCpmWithStatusByWordAndClass() {
        String table = html.substring(html.indexOf("<table id=\"cpm-table\">"));
        table = table.substring(0, table.indexOf("</table>"));
        assertEquals(List.of("CPM1"), attributes(table, "tr", "data-measure"));
        assertTrue(table.contains("<tr data-measure=\"CPM1\" class=\"below_minimum\"><td>CPM1</td>"), table);
        // the level is the mean of the contributors' levels (82.00 + 50.00 + 100.00) / 3 = 77.33; the pooled events
        // (80.83) are shown beside it as the second reading
        assertTrue(table.contains("<td class=\"n\">77.33</td>"), table);
        assertTrue(table.contains("<td class=\"method\">mean of contributors' levels</td>"
                + "<td class=\"n second\">pooled events: 80.83</td>"), table);
        assertTrue(table.contains("<td class=\"status\">below minimum</td>"), table);
        // south is final through the 20th only: CPM1 is provisional
        assertTrue(table.contains("\u2020 provisional"), table);
    }

    @Test
    void hostileCatalogueNameIsEscapedEverywhere() {
        assertFalse(html.contains("<script"), "no script element at all");
        assertTrue(html.contains("RTT4 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
        assertFalse(html.contains(ViewFixture.HOSTILE_NAME));
    }

    @Test
    void pageIsSelfContainedWithPlotsAndProvenance() {
        assertFalse(html.contains("src="), "nothing fetched");
        assertFalse(html.matches("(?s).*href=\"[^#].*"), "nothing linked outside the page (contents link in it)");
        assertTrue(html.contains("<svg class=\"plot latency\" data-subject=\"CSPN/PM4.3\""));
        assertTrue(html.contains("<svg class=\"plot latency\" data-subject=\"CPM1\""), "composite pools contributors");
        assertTrue(html.contains(">within TRT 25s: 82.00% (820 of 1000 counted events)</text>"));
        assertTrue(html.contains("<svg class=\"plot daily\" data-subject=\"CSPC/PM4.3\""));
        assertTrue(html.contains("<svg class=\"plot completeness\" data-subject=\"agent-south\""));
        assertTrue(html.contains("<dt>Data fingerprint</dt><dd>"));
        assertTrue(html.contains("agents by agent-north"), "rows name their sources");
        assertTrue(html.contains("<td>agent-south</td><td>CSPS/PM4.3</td><td>2020-09</td>"
                + "<td>2020-09-20T23:00:00Z</td><td>2020-09-30T23:00:00Z</td>"), "missing range listed");
    }

    @Test
    void viewCsvFilesAccompanyThePage() throws Exception {
        Path out = dir.resolve("out");
        String daily = Files.readString(out.resolve("daily-levels.csv"));
        assertTrue(daily.startsWith("measure,day,events,within_trt,level\n"));
        assertTrue(daily.contains("\nCSPN/PM4.3,2020-09-02,350,300,85.71\n"), daily);
        assertTrue(Files.readString(out.resolve("completeness.csv"))
                .contains("\nagent-south,2020-09-21,1440,1,1440,0,0\n"));
        assertTrue(Files.isRegularFile(out.resolve("hlog").resolve("CSPN_PM4.3.hlog")));
    }

    @Test
    void publishedPageShowsEachCompositesContributorsAndTheTwelveMonthCreditTable() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("published.db"))) {
            ViewFixture.store(store);
            MonthlyReport published = new io.pmr.collector.publish.ReportPublisher(CATALOGUE, store,
                    store, java.time.Clock.fixed(java.time.Instant.ofEpochMilli(OCT + 1), java.time.ZoneOffset.UTC))
                    .publish(YearMonth.of(2020, 9), null);
            String page = HtmlReport.render(published, ReportViews.none());
            String contributors = page.substring(page.indexOf("<details id=\"cpm-contributors\">"));
            contributors = contributors.substring(0, contributors.indexOf("</details>"));
            assertTrue(contributors.contains("Mean of 3 contributors' levels"), contributors);
            assertTrue(contributors.contains("<td class=\"n\">50.00</td><td class=\"status\">below minimum</td>"
                    + "<td>yes</td>"), contributors);
            String history = page.substring(page.indexOf("<table id=\"credits-history-table\">"));
            history = history.substring(0, history.indexOf("</table>"));
            assertTrue(history.contains("<th>2019-10</th>") && history.contains("<th>2020-09</th>"), history);
            // CSP North 82.00 (target 85, minimum 80, shipped schedule 10 at minimum): 3 x 10 / 5 = 6.00 points x
            // 1500.00 = 9000.00 in September, nothing before; DCC (CPM1) is not charged and has no row
            assertTrue(history.contains("<tr data-provider=\"CSP North\" data-table=\"SMETS2\">"), history);
            assertTrue(history.contains(">6.00 / 9000.00</td></tr>"), history);
            assertFalse(history.contains("data-provider=\"DCC\""), history);
            assertTrue(page.contains(">not charged</td>"), "CPM1's credit row says why it earns nothing");
        }
    }

    private String section(String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static List<String> attributes(String text, String element, String attribute) {
        Matcher m = Pattern.compile("<" + element + " " + attribute + "=\"([^\"]*)\"").matcher(text);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}
