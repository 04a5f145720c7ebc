package io.pmr.collector.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportSource;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.SuppliedFigure;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteActivityReader;
import io.pmr.collector.store.SqliteStore;
import io.pmr.testkit.HeldConnections;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server alone, over a stand-in collector: failures, disabled writes, the HTML hook, settings. */
@Timeout(60)
class ApiServerTest {
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);

    @TempDir
    Path dir;

    /** A collector with one imported ratio in September 2020, whose September report fails. */
    private static final class FailingView implements CollectorView {
        final AtomicInteger imports = new AtomicInteger();

        @Override
        public MonthlyReport report(YearMonth period) {
            if (period.equals(SEPTEMBER)) {
                throw new IllegalStateException("engine exploded");
            }
            return new MonthlyReport(period, 0, "test", List.of(), List.of());
        }

        @Override
        public IngestCounters counters() {
            return new IngestCounters(0, 0, 0, 0, Map.of(), 0, 0, 0, 0, false);
        }

        @Override
        public Catalogue catalogue() {
            return Catalogue.shipped();
        }

        @Override
        public ImportedData imported() {
            return new ImportedData(List.of(), List.of(), List.of(new SuppliedFigure("DSP/PM11", "2020-09", 1, 2L,
                    new ImportSource("f.csv", 2, 0))), List.of(), List.of());
        }

        @Override
        public ImportOutcome importFile(ImportKind kind, String file, byte[] content) {
            imports.incrementAndGet();
            throw new AssertionError("must not be reached");
        }
    }

    private ApiServer start(HttpSettings settings, CollectorView view, HtmlRenderer html) {
        Path db = dir.resolve("pmr.db");
        SqliteStore.open(db).close();
        return ApiServer.start(settings, view, SqliteActivityReader.open(db), new TestClock(Instant.parse("2020-10-02T00:00:00Z")), html, (measureId, from, to) -> java.util.Optional.empty());
    }

    @Test
    void aFailingHandlerIsACounted500AndTheServerKeepsServing() throws Exception {
        try (ApiServer server = start(HttpSettings.loopback(), new FailingView(), HtmlRenderer.UNAVAILABLE)) {
            Http http = new Http(server.url());
            HttpResponse<String> failed = http.get("/api/periods/2020-09/report.json");
            assertEquals(500, failed.statusCode());
            assertTrue(failed.body().contains("engine exploded"), failed.body());
            HttpResponse<String> metrics = http.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("\npmr_http_requests_failed_total 1.0\n"), metrics.body());
            assertEquals(200, http.get("/api/periods").statusCode());
        }
    }

    @Test
    void aPeriodBeyondYear9999InTheVersionsStillLetsEveryPeriodRouteAndMetricsServe() throws Exception {
        // an older pmr accepted --period +10000-01 and recorded a version under YearMonth's text "10000-01", which
        // YearMonth.parse does not read back: /api/periods, every period route and /metrics then answered 500
        Path db = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            store.saveReportVersion(YearMonth.of(10_000, 1).toString(), 0L, "typo", "f", "{}");
        }
        try (ApiServer server = ApiServer.start(HttpSettings.loopback(), new FailingView(),
                SqliteActivityReader.open(db), new TestClock(Instant.parse("2020-10-02T00:00:00Z")),
                HtmlRenderer.UNAVAILABLE, (measureId, from, to) -> java.util.Optional.empty())) {
            Http http = new Http(server.url());
            HttpResponse<String> periods = http.get("/api/periods");
            assertEquals(200, periods.statusCode(), periods.body());
            assertTrue(periods.body().contains("10000-01"), periods.body());
            assertEquals(200, http.get("/metrics").statusCode());
            assertEquals(404, http.get("/api/periods/2020-08/report.json").statusCode());
        }
    }

    @Test
    void aMalformedPercentEscapeInThePathOrQueryIsA400NotADroppedConnection() throws Exception {
        try (ApiServer server = start(HttpSettings.loopback(), new FailingView(), HtmlRenderer.UNAVAILABLE)) {
            for (String target : List.of("/api/periods/%ZZ/report.json", "/api/periods?x=%E", "/api/%")) {
                String status = Http.statusLineOf(server.port(), "GET " + target + " HTTP/1.1");
                assertEquals("HTTP/1.1 400 Bad Request", status, target);
            }
            assertEquals(200, new Http(server.url()).get("/api/periods").statusCode());
        }
    }

    @Test
    void withoutATokenWritesAreDisabledNotOpen() throws Exception {
        FailingView view = new FailingView();
        try (ApiServer server = start(HttpSettings.loopback(), view, HtmlRenderer.UNAVAILABLE)) {
            HttpResponse<String> response = new Http(server.url()).post("/api/imports/ratios", "x", "anything-at-all");
            assertEquals(403, response.statusCode());
            assertEquals(0, view.imports.get());
        }
    }

    @Test
    void theHtmlRendererServesTheKnownPeriods() throws Exception {
        HtmlRenderer html = period -> "<html><body>" + period + " \u2713</body></html>";
        try (ApiServer server = start(HttpSettings.loopback(), new FailingView(), html)) {
            Http http = new Http(server.url());
            HttpResponse<String> page = http.get("/api/periods/2020-09/report.html");
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("<html><body>2020-09 \u2713</body></html>", page.body());
            assertEquals(404, http.get("/api/periods/2020-08/report.html").statusCode());
        }
    }

    @Test
    void settingsAreValidatedAndNeverShowTheToken() {
        HttpSettings settings = HttpSettings.loopback().withToken("a-token-of-sixteen-chars");
        assertFalse(settings.toString().contains("a-token-of-sixteen-chars"));
        assertEquals("port must be 0..65535, was 70000",
                assertThrows(IllegalArgumentException.class, () -> settings.withAddress("127.0.0.1", 70_000))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.withToken("short")).getMessage()
                .startsWith("token must be"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> settings.withLiveLevelsTtl(Duration.ofSeconds(-1))).getMessage().startsWith("liveLevelsTtl"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.withMaxRequestBytes(10)).getMessage()
                .startsWith("maxRequestBytes"));
        Duration second = Duration.ofSeconds(1);
        assertEquals("maxConnections must be 1..100000, was 0", assertThrows(IllegalArgumentException.class,
                () -> settings.withConnectionLimits(0, second, second)).getMessage());
        assertEquals("requestTimeout must be 1 ms..1 h, was PT0S", assertThrows(IllegalArgumentException.class,
                () -> settings.withConnectionLimits(10, Duration.ZERO, second)).getMessage());
        assertEquals("idleTimeout must be 1 ms..1 h, was PT2H", assertThrows(IllegalArgumentException.class,
                () -> settings.withConnectionLimits(10, second, Duration.ofHours(2))).getMessage());
        assertEquals("idleTimeout must be 1 ms..1 h, was null", assertThrows(IllegalArgumentException.class,
                () -> settings.withConnectionLimits(10, second, null)).getMessage());
    }

    @Test
    void connectionsOverTheCapAreClosedAtAcceptAndCounted() throws Exception {
        int cap = 20;
        HttpSettings settings = HttpSettings.loopback().withConnectionLimits(cap, Duration.ofMinutes(1),
                Duration.ofMinutes(1));
        try (ApiServer server = start(settings, new FailingView(), HtmlRenderer.UNAVAILABLE)) {
            try (HeldConnections held = HeldConnections.open(server.port(), 2 * cap)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> held.closedByServer() >= cap);
                assertEquals(cap, held.closedByServer(), "exactly those over the cap are closed");
            }
            // the held ones are gone: the server serves again, and has counted what it refused
            Http http = new Http(server.url());
            String metrics = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> http.get("/metrics"), response -> response.statusCode() == 200).body();
            java.util.regex.Matcher refused = java.util.regex.Pattern
                    .compile("(?m)^pmr_http_connections_refused_total (\\d+)\\.0$").matcher(metrics);
            assertTrue(refused.find(), metrics);
            assertTrue(Long.parseLong(refused.group(1)) >= cap, metrics);
        }
    }
}
