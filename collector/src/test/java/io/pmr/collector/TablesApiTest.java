package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.http.Http;
import io.pmr.collector.http.HttpSettings;
import io.pmr.collector.http.TestClock;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table the page shows, through the HTTP API of a real collector (embedded broker, SQLite file, loopback socket
 * on an ephemeral port): the listing, each table as CSV and as JSON, credits computed without publishing, and the 404
 * that names the known tables.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TablesApiTest {
    static final String RTT4 = "CSPN/PM4.3";
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    static final long SEP_START = millis("2020-08-31T23:00:00Z");
    static final List<String> PAGE_TABLES = List.of("status-counts", "measures", "firmware-volumes",
            "power-outage-events", "exclusions-by-reason", "incidents-by-category", "incidents", "incidents-aged-open",
            "incidents-reopened", "commentary", "credits", "credits-history", "missing", "provisional", "daily-levels",
            "completeness", "latency-summary");
    static final ObjectMapper JSON = new ObjectMapper();

    Collector collector;
    TestAgent agent;
    Http http;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                .http(HttpSettings.loopback()).build(), new TestClock(Instant.parse("2020-10-02T12:00:00Z")));
        agent = new TestAgent(collector.brokerUrl(), keys -> true);
        http = new Http(collector.apiUrl().orElseThrow());
        // CSP North's RTT4: 82 of 100 within TRT, below its target 85 and above its minimum 80: it earns credits
        agent.publish(status("agent-1", 1, 1, RTT4, 25_000));
        agent.publish(intervals("agent-1", 1, 2, interval(RTT4, SEP_START + 60_000L, 25_000, 100, 82)));
        agent.publish(watermark("agent-1", 1, 3, RTT4, millis("2020-09-30T23:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.counters().stored() == 3);
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
        collector.close();
    }

    @Test
    void theListingNamesEveryTableOfThePageWithItsColumnsAndUrls() throws Exception {
        HttpResponse<String> listing = http.get("/api/periods/2020-09/tables");
        assertEquals(200, listing.statusCode());
        JsonNode tables = JSON.readTree(listing.body()).get("tables");
        List<String> names = new ArrayList<>();
        for (JsonNode table : tables) {
            String name = table.get("name").asText();
            names.add(name);
            assertEquals("/api/periods/2020-09/tables/" + name + ".csv", table.get("csv").asText());
            assertEquals("/api/periods/2020-09/tables/" + name + ".json", table.get("json").asText());
            HttpResponse<String> csv = http.get(table.get("csv").asText());
            assertEquals(200, csv.statusCode(), name);
            assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElseThrow());
            List<String> columns = new ArrayList<>();
            table.get("columns").forEach(c -> columns.add(c.asText()));
            assertEquals(String.join(",", columns), csv.body().substring(0, csv.body().indexOf('\n')), name);
            JsonNode json = JSON.readTree(http.get(table.get("json").asText()).body());
            assertEquals(name, json.get("table").asText());
            assertEquals(table.get("rows").asInt(), json.get("rows").size(), name);
            assertEquals(csv.body().split("\n").length - 1, json.get("rows").size(), name + " has no multi-line cell");
        }
        assertEquals(PAGE_TABLES, names);
    }

    @Test
    void reportTablesAreTheExportsByteForByte() throws Exception {
        MonthlyReport report = collector.report(SEPTEMBER).figuresOnly();
        assertEquals(ReportWriter.csv(report), http.get("/api/periods/2020-09/tables/measures.csv").body());
        for (var table : ReportWriter.csvTables(report).entrySet()) {
            assertEquals(table.getValue(), http.get("/api/periods/2020-09/tables/" + table.getKey()).body(),
                    table.getKey());
        }
    }

    @Test
    void creditsAreServedWithoutPublishingAndEqualWhatPublishingGives() throws Exception {
        HttpResponse<String> credits = http.get("/api/periods/2020-09/tables/credits.csv");
        assertEquals(200, credits.statusCode(), credits.body());
        // CSP North at 82.00 (target 85, minimum 80, 10 points at the minimum): 3 x 10 / 5 = 6.00 points
        JsonNode rows = JSON.readTree(http.get("/api/periods/2020-09/tables/credits.json").body()).get("rows");
        JsonNode north = null;
        for (JsonNode row : rows) {
            if (row.get("provider").asText().equals("CSP North") && row.get("measure").asText().equals(RTT4)) {
                north = row;
            }
        }
        assertEquals("82.00", north.get("level").asText(), rows.toString());
        assertEquals("6.00", north.get("points").asText(), rows.toString());
        assertTrue(collector.report(SEPTEMBER).publication() == null, "serving credits published nothing");
        MonthlyReport published = collector.publish(SEPTEMBER, "test: credits served before equal credits published");
        assertEquals(ReportWriter.csvTables(published).get("credits.csv"), credits.body());
    }

    @Test
    void anUnknownTableOrFormatIs404NamingTheKnownTables() throws Exception {
        for (String path : List.of("tables/nope.csv", "tables/credits.xml", "tables/credits")) {
            HttpResponse<String> missing = http.get("/api/periods/2020-09/" + path);
            assertEquals(404, missing.statusCode(), path);
            JsonNode body = JSON.readTree(missing.body());
            assertTrue(body.get("error").asText().contains("known tables are status-counts, measures,"),
                    body.toString());
            List<String> known = new ArrayList<>();
            body.get("tables").forEach(t -> known.add(t.asText()));
            assertEquals(PAGE_TABLES, known);
        }
        assertEquals(404, http.get("/api/periods/2031-01/tables/credits.csv").statusCode(), "unknown period");
    }
}
