package io.pmr.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.agent.AgentCounters;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's metrics over a real loopback socket: every counter field under its own name (distinct values, so a
 * swapped mapping fails), the gauges read at each scrape, build info, JVM and process collectors, and promtool's
 * approval of the real output.
 */
@Timeout(60)
class AgentMetricsTest {
    private static final AgentCounters COUNTERS = new AgentCounters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16, 17, 18, 19, 20);
    private static final Map<String, ToLongFunction<AgentCounters>> EXPECTED = Map.ofEntries(
            Map.entry("pmr_agent_events_started_total", AgentCounters::starts),
            Map.entry("pmr_agent_events_ended_total", AgentCounters::ends),
            Map.entry("pmr_agent_events_within_trt_total", AgentCounters::withinTrt),
            Map.entry("pmr_agent_events_timed_out_total", AgentCounters::timedOut),
            Map.entry("pmr_agent_events_failed_total", AgentCounters::failed),
            Map.entry("pmr_agent_ends_late_total", AgentCounters::lateEnds),
            Map.entry("pmr_agent_ends_unknown_total", AgentCounters::unknownEnds),
            Map.entry("pmr_agent_starts_duplicate_total", AgentCounters::duplicateStarts),
            Map.entry("pmr_agent_observations_rejected_total", AgentCounters::rejected),
            Map.entry("pmr_agent_envelopes_written_total", AgentCounters::envelopesWritten),
            Map.entry("pmr_agent_publishes_total", AgentCounters::publishes),
            Map.entry("pmr_agent_resends_total", AgentCounters::resends),
            Map.entry("pmr_agent_envelopes_acked_total", AgentCounters::acked),
            Map.entry("pmr_agent_outbox_full_total", AgentCounters::outboxFull),
            Map.entry("pmr_agent_outbox_set_aside_total", AgentCounters::outboxSetAside),
            Map.entry("pmr_agent_intervals_skipped_total", AgentCounters::intervalsSkipped),
            Map.entry("pmr_agent_outbox_write_failures_total", AgentCounters::outboxWriteFailures),
            Map.entry("pmr_agent_ack_ranges_ignored_total", AgentCounters::ackRangesIgnored),
            Map.entry("pmr_agent_starts_outside_service_window_total", AgentCounters::outsideHours),
            Map.entry("pmr_agent_acks_dropped_total", AgentCounters::acksDropped));

    private final AtomicInteger outbox = new AtomicInteger(42);

    private final AgentMetrics.Source source = new AgentMetrics.Source() {
        @Override
        public AgentCounters counters() {
            return COUNTERS;
        }

        @Override
        public int outboxSize() {
            return outbox.get();
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public long refusedConnects() {
            return 3;
        }
    };

    @Test
    void everyCounterAndGaugeIsServedUnderItsNameAndPromtoolAcceptsIt() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0,
                AgentMetrics.registry("agent-north", source))) {
            String text = scrape(endpoint.url());
            assertPromtoolAccepts(text);
            EXPECTED.forEach((name, field) -> assertTrue(text.contains("\n" + name + "{agent=\"agent-north\"} "
                    + field.applyAsLong(COUNTERS) + ".0\n"), name + " in\n" + text));
            assertTrue(text.contains("\npmr_agent_outbox_envelopes{agent=\"agent-north\"} 42.0\n"), text);
            assertTrue(text.contains("\npmr_agent_mqtt_connected{agent=\"agent-north\"} 1.0\n"), text);
            assertTrue(text.contains("\npmr_agent_mqtt_connects_refused_total{agent=\"agent-north\"} 3.0\n"), text);
            assertTrue(text.contains("\npmr_build_info{commit=\""), text);
            assertTrue(text.contains("\njvm_threads_current "), text);
            assertTrue(text.contains("\nprocess_cpu_seconds_total "), text);

            outbox.set(7);
            assertTrue(scrape(endpoint.url()).contains("\npmr_agent_outbox_envelopes{agent=\"agent-north\"} 7.0\n"),
                    "read at each scrape");
        }
    }

    @Test
    void aBusyAddressIsAnErrorNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.io.UncheckedIOException.class, () -> MetricsEndpoint.start("127.0.0.1", taken.getLocalPort(),
                            AgentMetrics.registry("agent-north", source)));
            assertTrue(e.getMessage().startsWith("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    static String scrape(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    static void assertPromtoolAccepts(String text) throws Exception {
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
    }
}
