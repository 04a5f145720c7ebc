package io.pmr.collector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.http.Http;
import io.pmr.collector.http.HttpSettings;
import io.pmr.collector.http.TestClock;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.testkit.HeldConnections;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two thousand slow-loris clients hold half-sent HTTP requests open on a real collector: meanwhile a fresh HTTP
 * request is answered, and an agent connects to the embedded broker, has its envelope stored and acknowledged; then
 * the request timeout closes every held connection. (The collector shares its JVM, and so its file limit, with the
 * 2,000 client sockets.)
 */
@Timeout(120)
class SlowHttpClientsTest {
    private static final int HELD = 2_000;
    private static final Pattern OPEN = Pattern.compile("(?m)^pmr_http_connections_open (\\d+)\\.0$");
    private static final Pattern TIMED_OUT = Pattern.compile("(?m)^pmr_http_connections_timed_out_total (\\d+)\\.0$");

    @Test
    void halfSentRequestsStarveNeitherTheApiNorTheBrokerAndAreClosedByTheTimeout(@TempDir Path dir)
            throws Exception {
        HttpSettings http = HttpSettings.loopback().withConnectionLimits(HELD + 100, Duration.ofSeconds(15),
                Duration.ofSeconds(15));
        try (Collector collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                .http(http).build(), new TestClock(Instant.parse("2020-09-15T12:00:00Z")))) {
            String url = collector.apiUrl().orElseThrow();
            int port = URI.create(url).getPort();
            try (HeldConnections held = HeldConnections.open(port, HELD)) {
                Http client = new Http(url);
                HttpResponse<String> metrics = client.get("/metrics");
                assertEquals(200, metrics.statusCode());
                assertTrue(sample(OPEN, metrics.body()) > HELD, "the held connections are open meanwhile:\n"
                        + metrics.body());
                assertEquals(0, held.closedByServer(), "none closed yet: the test must run inside the timeout");

                try (TestAgent agent = new TestAgent(collector.brokerUrl(), keys -> true)) {
                    agent.publish(TestEnvelopes.status("agent-slow", 1, 1, "CSPN/PM4.3", 25_000));
                    await().atMost(Duration.ofSeconds(20)).until(() -> collector.counters().stored() == 1
                            && agent.acked().contains(new EnvelopeKey("agent-slow", 1, 1)));
                }
                assertEquals(0, held.closedByServer(), "the broker was served while every HTTP connection was held");

                await().atMost(Duration.ofSeconds(60)).until(() -> held.closedByServer() == HELD);
                String after = client.get("/metrics").body();
                // the test client's own keep-alive connection may idle out too
                long timedOut = sample(TIMED_OUT, after);
                assertTrue(timedOut >= HELD && timedOut <= HELD + 1, after);
            }
        }
    }

    private static long sample(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), pattern + " in\n" + text);
        return Long.parseLong(matcher.group(1));
    }
}
