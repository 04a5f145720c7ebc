package io.pmr.collector.view;

import static io.pmr.collector.view.ViewFixture.OCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.publish.ReportPublisher;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page parsed as a browser would (jsoup): the front block, contents, folded rows and every plot's axes. A
 * published month over the view fixture's stored data, with two more CSP North measures nobody reports.
 */
class HtmlFrontPageTest {
    /** The view fixture's catalogue and two CSP North measures with no source: not reported, folded. */
    static final Catalogue CATALOGUE = Catalogue.parse("front-catalogue", new StringReader("""
            CPM1,DCC,Code,On-Demand Service Responses within TRT,composite,,monthly,99.00,96.00,
            CSPN/PM4.3,CSP North,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,85.00,80.00,CPM1
            CSPN/PM1.1,CSP North,SMETS2,Alerts within 60 seconds,within_trt,60s,monthly,99.00,96.00,
            CSPN/PM1.2,CSP North,SMETS2,Alerts within 2 hours,within_trt,2h,monthly,99.00,96.00,
            CSPC/PM4.3,CSP Central,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,96.00,90.00,CPM1
            CSPS/PM4.3,CSP South,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,96.00,90.00,CPM1
            """));

    @TempDir
    Path dir;
    MonthlyReport report;
    Document page;

    @BeforeEach
    void render() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            ViewFixture.store(store);
            report = new ReportPublisher(CATALOGUE, store, store,
                    Clock.fixed(Instant.ofEpochMilli(OCT + 1), ZoneOffset.UTC)).publish(YearMonth.of(2020, 9), null);
            page = Jsoup.parse(HtmlReport.render(report, ReportViews.load(report, store, store.dataFingerprint())));
        }
    }

    @Test
    void frontBlockComesFirstWithTheCreditTotalBeforeAnythingElse() {
        Element front = page.selectFirst("body > section");
        assertNotNull(front);
        assertEquals("front", front.id(), "the front block is the first section");
        Element first = front.selectFirst("p");
        assertEquals("credit-total", first.id(), "the service-credit total is the first thing said");
        // CSP North 82.00 (target 85, minimum 80): 6.00 points = 9000.00; CSP Central 50.00 (below its minimum 90):
        // 20.00 points = 30000.00; DCC (CPM1) is not charged
        assertEquals("Service credits: \u00a339000.00 (26.00 service points; 2 providers charged: CSP North"
                + " \u00a39000.00, CSP Central \u00a330000.00) details", first.text());
        assertEquals(report.publication().credits().totalPounds().toPlainString(), first.selectFirst(".pounds").text()
                .substring(1));
        // agent-south is final through the 20th only: its measure and CPM1, which it feeds, are provisional
        assertEquals(2, report.measures().stream().filter(f -> !f.isFinal()).count());
        assertEquals("2020-09: provisional, 2 of 6 figures wait for a source (marked \u2020; why)",
                page.getElementById("finality").text());
    }

    @Test
    void statusCountsAreTheFiguresCountedByStatus() {
        for (MeasureStatus status : MeasureStatus.values()) {
            Element cell = page.selectFirst("#status-counts td[data-status=" + status.code() + "]");
            assertNotNull(cell, status.code());
            long expected = report.measures().stream().filter(f -> f.status() == status).count();
            assertEquals(Long.toString(expected), cell.selectFirst(".count").text(), status.code());
        }
        assertEquals("below minimum 2", page.selectFirst("#status-counts td[data-status=below_minimum]").text());
        assertEquals("not reported 2", page.selectFirst("#status-counts td[data-status=not_reported]").text());
        assertEquals("6 measures by status", page.selectFirst("#status-counts caption").text());
    }

    @Test
    void contentsLinkEverySectionAndNothingOutsideThePage() {
        List<String> targets = page.select("nav#contents a").eachAttr("href");
        assertEquals(List.of("#introduction", "#summary", "#cpm", "#provider-csp-north", "#provider-csp-central",
                "#provider-csp-south", "#firmware", "#pm12", "#exclusions", "#incidents", "#credits", "#completeness"),
                targets);
        for (String href : page.select("[href]").eachAttr("href")) {
            assertTrue(href.startsWith("#"), "only in-page links: " + href);
            assertNotNull(page.getElementById(href.substring(1)), "no element with id " + href);
        }
        Set<String> sections = page.select("body > section[id]").eachAttr("id").stream().collect(Collectors.toSet());
        assertTrue(sections.containsAll(targets.stream().map(t -> t.substring(1)).toList()), sections.toString());
    }

    @Test
    void measuresWithoutALevelAreFoldedPerProviderWithTheirCount() {
        Element north = page.getElementById("provider-csp-north");
        assertEquals(List.of("CSPN/PM4.3"), north.select("> table.measures tr[data-measure]").eachAttr("data-measure"));
        Element folded = north.selectFirst("> details.folded");
        assertNotNull(folded);
        assertFalse(folded.hasAttr("open"), "folded until asked");
        assertEquals("2 measures without a level (not reported 2)", folded.selectFirst("summary").text());
        assertEquals(List.of("CSPN/PM1.1", "CSPN/PM1.2"), folded.select("tr[data-measure]").eachAttr("data-measure"));
        for (MeasureFigure figure : report.measures()) {
            boolean inFold = !page.select("details.folded tr[data-measure=" + figure.id() + "]").isEmpty();
            assertEquals(figure.status().withoutLevel(), inFold, figure.id() + " " + figure.status());
        }
        assertTrue(page.getElementById("provider-csp-central").select("details.folded").isEmpty(),
                "nothing to fold, no fold");
    }

    @Test
    void everyPlotHasBothAxesTitledAndScaled() {
        List<Element> plots = page.select("svg.plot");
        assertTrue(plots.size() >= 7, "latency, daily and completeness plots: " + plots.size());
        for (Element plot : plots) {
            String subject = plot.attr("class") + " " + plot.attr("data-subject");
            assertFalse(plot.select("text.axis-label.x").text().isBlank(), "x axis label of " + subject);
            assertFalse(plot.select("text.axis-label.y").text().isBlank(), "y axis label of " + subject);
            assertTrue(plot.select("text.tick-label.y").size() >= 2, "y scale of " + subject);
            assertTrue(plot.select("text.tick-label.x").size() >= 1, "x ticks of " + subject);
            for (Element tick : plot.select("text.tick-label")) {
                assertFalse(tick.text().matches(".*[0-9]e[+-]?[0-9].*"), "no exponent in " + subject + ": " + tick);
            }
        }
        List<String> units = page.select("svg.plot.latency text.axis-label.x").eachText();
        assertTrue(units.stream().allMatch(u -> u.equals("latency (log scale)")), units.toString());
        assertTrue(page.select("svg.plot.daily text.tick-label.y").eachText().stream().allMatch(t -> t.endsWith("%")));
    }
}
