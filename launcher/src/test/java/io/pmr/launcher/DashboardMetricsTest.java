package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.agent.Agent;
import io.pmr.agent.AgentSettings;
import io.pmr.agent.CatalogueTrts;
import io.pmr.agent.metrics.AgentMetrics;
import io.pmr.agent.metrics.MetricsEndpoint;
import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.http.HttpSettings;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard ({@code deploy/grafana/pmr.json}) queries exists in the real {@code /metrics} of
 * a running collector or of a running agent's {@code --metrics} endpoint: the agent measures a simulated day of the
 * rig and the collector stores it, so the per-measure levels have samples too. A renamed metric fails here, not on an
 * operator's empty panel.
 */
@Timeout(180)
class DashboardMetricsTest {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "pmr.json");
    /** A metric name in PromQL: ours and the client's JVM and process families. */
    private static final Pattern NAME = Pattern.compile("\\b((?:pmr|jvm|process)_[a-zA-Z0-9_]+)\\b");
    private static final Pattern EXPOSED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final YearMonth PERIOD = YearMonth.of(2020, 9);

    @Test
    void everyMetricTheDashboardQueriesIsExposed(@TempDir Path dir) throws Exception {
        Set<String> queried = queriedMetrics(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertTrue(queried.size() >= 30, "the dashboard queries " + queried);

        Catalogue catalogue = Catalogue.shipped();
        Map<EventKind, Duration> trts = CatalogueTrts.of(catalogue::trt);
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(7, 30, PERIOD, trts));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Set<String> exposed = new TreeSet<>();
        try (Collector collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                .http(HttpSettings.loopback()).build());
                Agent agent = Agent.start(AgentSettings.builder().agentId("agent-north").region(Region.NORTH)
                        .brokerUrl(collector.brokerUrl()).dataDir(dir.resolve("agent")).trts(trts)
                        .publishEvery(Duration.ofHours(1)).replayFromStart(true).build(), rig.port(Region.NORTH),
                        scheduler);
                MetricsEndpoint agentMetrics = MetricsEndpoint.start("127.0.0.1", 0,
                        AgentMetrics.registry("agent-north", AgentMetrics.of(agent)))) {
            long dayEnd = rig.simulationStartEpochNanos() + TimeUnit.DAYS.toNanos(1);
            for (long now = rig.simulationStartEpochNanos(); now <= dayEnd; now += TimeUnit.MINUTES.toNanos(1)) {
                rig.advanceTo(now);
                agent.tick();
            }
            agent.flush();
            assertTrue(agent.awaitDrained(Duration.ofSeconds(60)), "the collector acknowledged the day");
            String collectorText = get(collector.apiUrl().orElseThrow() + "/metrics");
            String agentText = get(agentMetrics.url());
            assertTrue(collectorText.contains("pmr_measure_level_ratio{measure=\"CSPN/"), "levels of the stored day:\n"
                    + collectorText);
            exposed.addAll(names(collectorText));
            exposed.addAll(names(agentText));
        } finally {
            scheduler.shutdownNow();
        }
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exposed);
        assertEquals(Set.of(), missing, "queried by " + DASHBOARD + " but exposed by neither the collector nor the"
                + " agent");
    }

    /** The metric names of every query: panel targets (rows' nested panels too) and template variables. */
    static Set<String> queriedMetrics(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode node : dashboard.findValues("expr")) {
            addNames(node.asText(), names);
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            addNames(variable.path("definition").asText(), names);
            addNames(variable.path("query").isTextual() ? variable.path("query").asText()
                    : variable.path("query").path("query").asText(), names);
        }
        return names;
    }

    private static void addNames(String promql, Set<String> names) {
        Matcher matcher = NAME.matcher(promql);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }

    private static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = EXPOSED.matcher(exposition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
