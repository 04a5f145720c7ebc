package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.pmr.collector.http.Http;
import io.pmr.collector.http.HttpSettings;
import io.pmr.collector.http.TestClock;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.proto.v1.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API over a real loopback socket, in front of a real collector (embedded broker, SQLite file) fed real
 * envelopes by a test agent.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {
    static final String RTT4 = "CSPN/PM4.3";
    static final String CACHED = "CSPC/PM4.3";
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    static final long SEP_START = millis("2020-08-31T23:00:00Z");
    static final String TOKEN = "s3cret-token-0123456789abcdef";
    static final Duration TTL = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    TestClock clock = new TestClock(Instant.parse("2020-09-15T12:00:00Z"));
    Collector collector;
    TestAgent agent;
    Http http;
    /** Every latency fed for RTT4, in milliseconds. */
    final List<Long> latenciesMillis = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                .http(HttpSettings.loopback().withToken(TOKEN).withLiveLevelsTtl(TTL).withMaxRequestBytes(64 * 1024))
                .build(), clock);
        agent = new TestAgent(collector.brokerUrl(), keys -> true);
        http = new Http(collector.apiUrl().orElseThrow());
        Random random = new Random(20_200_915L);
        agent.publish(status("agent-1", 1, 1, RTT4, 25_000));
        for (int minute = 0; minute < 5; minute++) {
            int events = 50 + random.nextInt(50);
            Histogram histogram = new Histogram(1, 86_400_000L, 3);
            for (int i = 0; i < events; i++) {
                long latency = 1 + random.nextInt(2047);
                histogram.recordValue(latency);
                latenciesMillis.add(latency);
            }
            agent.publish(intervals("agent-1", 1, 2 + minute, withHistogram(
                    interval(RTT4, SEP_START + minute * 60_000L, 25_000, events, events), encode(histogram))));
        }
        agent.publish(intervals("agent-1", 1, 7, interval(CACHED, SEP_START, 25_000, 10, 10)));
        agent.publish(watermark("agent-1", 1, 8, RTT4, SEP_START + 5 * 60_000L));
        agent.publish("pmr/v1/agent-1/intervals", "garbage, not protobuf".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.counters().stored() == 8
                && collector.counters().rejected() == 1);
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
        collector.close();
    }

    private static ByteString encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    private static String measurePath(String id) {
        return "/api/periods/2020-09/measures/" + id;
    }

    @Test
    void reportJsonCsvAndTablesAreTheExportsByteForByte() throws Exception {
        MonthlyReport report = collector.report(SEPTEMBER).figuresOnly();
        HttpResponse<String> json = http.get("/api/periods/2020-09/report.json");
        assertEquals(200, json.statusCode());
        assertEquals("application/json; charset=utf-8", json.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(ReportWriter.json(report), json.body());
        HttpResponse<String> csv = http.get("/api/periods/2020-09/report.csv");
        assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(ReportWriter.csv(report), csv.body());
        for (Map.Entry<String, String> table : ReportWriter.csvTables(report).entrySet()) {
            HttpResponse<String> served = http.get("/api/periods/2020-09/tables/" + table.getKey());
            assertEquals(200, served.statusCode(), table.getKey());
            assertEquals(table.getValue(), served.body(), table.getKey());
        }
        HttpResponse<String> html = http.get("/api/periods/2020-09/report.html");
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(collector.html(collector.report(SEPTEMBER)), html.body(), "the page the demo writes");
    }

    @Test
    void eachMeasureIsItsObjectInReportJson() throws Exception {
        JsonNode measures = JSON.readTree(http.get("/api/periods/2020-09/report.json").body()).get("measures");
        assertTrue(measures.size() > 40, "the whole catalogue is in the report");
        // one measure of each kind (every JSON shape: composite contributors, power outage, availability, incidents
        // details) and every measure with data: each request computes the month, so not all hundred-odd of them
        java.util.Set<String> kinds = new java.util.HashSet<>();
        int checked = 0;
        for (JsonNode expected : measures) {
            if (!kinds.add(expected.get("kind").asText()) && expected.get("source").asText().equals("none")) {
                continue;
            }
            checked++;
            HttpResponse<String> served = http.get(measurePath(expected.get("id").asText()));
            assertEquals(200, served.statusCode(), expected.get("id").asText());
            assertEquals(expected, JSON.readTree(served.body()));
        }
        assertTrue(checked >= 7, "checked " + checked);
        JsonNode rtt4 = JSON.readTree(http.get(measurePath(RTT4)).body());
        assertEquals(latenciesMillis.size(), rtt4.get("denominator").asLong());
    }

    @Test
    void periodsListTheMonthWithData() throws Exception {
        JsonNode periods = JSON.readTree(http.get("/api/periods").body()).get("periods");
        assertEquals(1, periods.size());
        assertEquals("2020-09", periods.get(0).get("period").asText());
    }

    @Test
    void errorsNameWhatWasAsked() throws Exception {
        HttpResponse<String> badPeriod = http.get("/api/periods/2031-13/report.json");
        assertEquals(404, badPeriod.statusCode());
        assertEquals("unknown period '2031-13'", JSON.readTree(badPeriod.body()).get("error").asText());
        assertEquals("application/json; charset=utf-8",
                badPeriod.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> emptyPeriod = http.get("/api/periods/2019-01/report.json");
        assertEquals(404, emptyPeriod.statusCode());
        assertEquals("unknown period '2019-01'", JSON.readTree(emptyPeriod.body()).get("error").asText());
        HttpResponse<String> badMeasure = http.get(measurePath("CSPN/PM99.9"));
        assertEquals(404, badMeasure.statusCode());
        assertEquals("unknown measure 'CSPN/PM99.9' in period '2020-09'",
                JSON.readTree(badMeasure.body()).get("error").asText());
        assertEquals(404, http.get("/api/nothing-here").statusCode());
        assertEquals(404, http.get("/api/periods/2020-09/tables/nope.csv").statusCode());
        HttpResponse<String> post = http.post("/api/periods/2020-09/report.json", "", null);
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> getImport = http.get("/api/imports/ratios");
        assertEquals(405, getImport.statusCode());
        assertEquals("POST", getImport.headers().firstValue("Allow").orElseThrow());
        assertTrue(Http.statusLineOfAnnounced(port(), "/api/imports/ratios", 10_000_000).contains(" 413 "));
        assertEquals(200, http.get("/api/periods").statusCode(), "the server keeps serving");
    }

    private int port() {
        return Integer.parseInt(collector.apiUrl().orElseThrow().replaceAll(".*:", ""));
    }

    @Test
    void histogramMatchesHdrHistogramOnTheSameValues() throws Exception {
        HttpResponse<String> response = http.get(measurePath(RTT4) + "/histogram");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        MeasureFigure figure = collector.report(SEPTEMBER).measures().stream().filter(f -> f.id().equals(RTT4))
                .findFirst().orElseThrow();
        assertEquals(figure.denominator(), body.get("totalCount").asLong());
        Histogram expected = new Histogram(3);
        latenciesMillis.forEach(v -> expected.recordValue(TimeUnit.MILLISECONDS.toNanos(v)));
        assertEquals(expected.getTotalCount(), body.get("totalCount").asLong());
        assertEquals(expected.getMinValue(), body.get("minNanos").asLong());
        assertEquals(expected.getMaxValue(), body.get("maxNanos").asLong());
        assertEquals(Math.round(expected.getMean()), body.get("meanNanos").asLong());
        String[] labels = {"50", "90", "95", "99", "99.9", "max"};
        double[] percentiles = {50, 90, 95, 99, 99.9, 100};
        for (int i = 0; i < labels.length; i++) {
            long nanos = expected.getValueAtPercentile(percentiles[i]);
            assertEquals(nanos, body.get("percentilesNanos").get(labels[i]).asLong(), labels[i]);
            assertEquals(new java.math.BigDecimal(nanos).movePointLeft(6).toPlainString(),
                    body.get("percentilesMillis").get(labels[i]).asText(), labels[i]);
        }
        assertEquals(figure.denominator(), body.get("countWithinTrt").asLong(), "every latency is under 25 s");
        assertEquals("100.00", body.get("shareWithinTrtPercent").asText());
        HttpResponse<String> hlog = http.get(measurePath(RTT4) + "/histogram.hlog");
        assertEquals(200, hlog.statusCode());
        assertTrue(hlog.body().contains("\"StartTimestamp\""), hlog.body());
        HttpResponse<String> none = http.get(measurePath("CSPS/PM4.3") + "/histogram");
        assertEquals(404, none.statusCode());
        assertTrue(JSON.readTree(none.body()).get("error").asText().contains("CSPS/PM4.3"));
    }

    @Test
    void agentsShowLastHeardAndAge() throws Exception {
        JsonNode agents = JSON.readTree(http.get("/api/agents").body()).get("agents");
        assertEquals(1, agents.size());
        JsonNode agent1 = agents.get(0);
        assertEquals("agent-1", agent1.get("agent").asText());
        assertEquals(1, agent1.get("bootEpoch").asLong());
        assertEquals(List.of(RTT4), JSON.convertValue(agent1.get("measures"), List.class));
        long lastHeard = agent1.get("lastHeardEpochMillis").asLong();
        assertEquals(Instant.ofEpochMilli(lastHeard).toString(), agent1.get("lastHeard").asText());
        assertEquals((clock.millis() - lastHeard) / 1000, agent1.get("ageSeconds").asLong());
    }

    @Test
    void importNeedsTheTokenAndNeverLogsIt() throws Exception {
        String csv = "measure,period,numerator,denominator\nDSP/PM11,2020-09,990,1000\n";
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        HttpResponse<String> missing;
        HttpResponse<String> wrong;
        HttpResponse<String> right;
        HttpResponse<String> bad;
        try {
            missing = http.post("/api/imports/ratios?file=ratios.csv", csv, null);
            wrong = http.post("/api/imports/ratios?file=ratios.csv", csv, TOKEN + "x");
            right = http.post("/api/imports/ratios?file=" + URLEncoder.encode("sept ratios.csv",
                    StandardCharsets.UTF_8), csv, TOKEN);
            bad = http.post("/api/imports/ratios?file=bad.csv",
                    "measure,period,numerator,denominator\nDSP/PM11,2020-13,1,2\nNOPE,2020-09,1,2\n", TOKEN);
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertEquals(401, wrong.statusCode());
        assertEquals(200, right.statusCode(), right.body());
        JsonNode outcome = JSON.readTree(right.body());
        assertEquals("sept ratios.csv", outcome.get("file").asText());
        assertEquals(1, outcome.get("newRows").asInt());
        MeasureFigure stored = collector.report(SEPTEMBER).measures().stream()
                .filter(f -> f.id().equals("DSP/PM11")).findFirst().orElseThrow();
        assertEquals(990, stored.numerator());
        assertEquals(1000, stored.denominator());
        assertEquals(400, bad.statusCode());
        JsonNode problems = JSON.readTree(bad.body()).get("problems");
        assertEquals(2, problems.size(), bad.body());
        assertTrue(problems.get(0).asText().startsWith("bad.csv:2:"), bad.body());
        assertTrue(problems.get(1).asText().startsWith("bad.csv:3:"), bad.body());
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("Refused import ratios"), "the capture saw the API's log lines: " + logs);
        assertTrue(logs.contains("HTTP import: stored 1 rows"), logs);
        for (HttpResponse<String> response : List.of(missing, wrong, right, bad)) {
            assertFalse(response.body().contains(TOKEN), response.body());
        }
        assertFalse(logs.contains(TOKEN), "a log line shows the token");
        assertFalse(collector.toString().contains(TOKEN));
    }

    @Test
    void commentaryIsImportedOverTheGenericRouteAndStandsBesideItsFigure() throws Exception {
        String csv = "measure,period,status,reason,mitigation\nCPM4,2020-09,below_minimum,A long outage,A runbook\n";
        HttpResponse<String> stored = http.post("/api/imports/commentary?file=commentary.csv", csv, TOKEN);
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals("commentary", JSON.readTree(stored.body()).get("kind").asText());
        JsonNode cpm4 = null;
        for (JsonNode measure : JSON.readTree(http.get("/api/periods/2020-09/report.json").body()).get("measures")) {
            if (measure.get("id").asText().equals("CPM4")) {
                cpm4 = measure;
            }
        }
        assertEquals("A long outage", cpm4.get("commentary").get("reason").asText());
        assertEquals("commentary.csv:2", cpm4.get("commentary").get("source").asText());
        HttpResponse<String> bad = http.post("/api/imports/commentary?file=bad.csv",
                "measure,period,status,reason,mitigation\nCPM4,2020-09,fine,why,\n", TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("bad.csv:2: status: 'fine' is not a status to explain"), bad.body());
    }

    @Test
    void metricsPassPromtoolAndMatchTheCounters() throws Exception {
        HttpResponse<String> response = http.get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        String text = response.body();
        assertPromtoolAccepts(text);
        IngestCounters counters = collector.counters();
        assertEquals(counters.received(), sample(text, "pmr_ingest_messages_received_total"));
        assertEquals(counters.stored(), sample(text, "pmr_ingest_envelopes_stored_total"));
        assertEquals(counters.duplicates(), sample(text, "pmr_ingest_duplicates_total"));
        assertEquals(counters.acksPublished(), sample(text, "pmr_ingest_acks_published_total"));
        assertEquals(0, sample(text, "pmr_ingest_conflicts_total"));
        assertEquals(0, sample(text, "pmr_ingest_identity_clashes_total"));
        assertEquals(1, sample(text, "pmr_ingest_rejected_total{reason=\"unparseable\"}"));
        assertEquals(0, sample(text, "pmr_ingest_rejected_total{reason=\"agent_mismatch\"}"));
        assertEquals(0, sample(text, "pmr_http_requests_failed_total"));
        assertTrue(text.contains("pmr_measure_level_ratio{measure=\"CSPN/PM4.3\",period=\"2020-09\",provider=\"CSP North\"}"
                + " 1.0\n"), text);
        assertTrue(text.contains("pmr_measure_target_ratio{measure=\"CSPN/PM4.3\",period=\"2020-09\",provider=\"CSP North\"}"
                + " 0.85\n"), text);
        assertTrue(text.contains("\npmr_build_info{commit=\""), "build info:\n" + text);
        assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\"} "), "JVM collectors:\n" + text);
        assertTrue(text.contains("\nprocess_cpu_seconds_total "), "process collectors:\n" + text);
        clock.advanceMillis(90_000);
        String later = http.get("/metrics").body();
        long age = sample(later, "pmr_agent_last_seen_age_seconds{agent=\"agent-1\"}");
        assertTrue(age >= 90 && age <= 91, later);
    }

    @Test
    void liveLevelsAreCachedForTheTtl() throws Exception {
        String level = "pmr_measure_level_ratio{measure=\"CSPC/PM4.3\",period=\"2020-09\",provider=\"CSP Central\"} ";
        assertTrue(http.get("/metrics").body().contains(level + "1.0\n"));
        agent.publish(intervals("agent-1", 1, 9, interval(CACHED, SEP_START + 60_000L, 25_000, 10, 0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.counters().stored() == 9);
        assertTrue(http.get("/metrics").body().contains(level + "1.0\n"), "within the ttl: the cached level");
        clock.advanceMillis(TTL.toMillis());
        assertTrue(http.get("/metrics").body().contains(level + "0.5\n"), "after the ttl: recomputed");
    }

    private static long sample(String text, String nameAndLabels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) {
                return wholeNumber(line.substring(nameAndLabels.length() + 1));
            }
        }
        throw new AssertionError("no sample " + nameAndLabels + " in\n" + text);
    }

    /** A sample value the client writes as a double ({@code 5.0}) that must be a whole count. */
    static long wholeNumber(String value) {
        double parsed = Double.parseDouble(value);
        assertEquals(Math.rint(parsed), parsed, "not a whole number: " + value);
        return (long) parsed;
    }

    static void assertPromtoolAccepts(String text) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(promtool), "promtool is missing: install Debian's prometheus package");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "promtool check metrics:\n" + output + "\non\n" + text);
        assertNotNull(output);
    }

    /** Writes to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
