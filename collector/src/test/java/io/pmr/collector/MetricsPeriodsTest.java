package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.http.Http;
import io.pmr.collector.http.HttpSettings;
import io.pmr.collector.http.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} shows the levels of the current period and of the two latest closed periods with data (here July
 * and September, read in November: June is older, October has no data), each with its {@code period} label, so a
 * month that has ended (or the demo's replayed month) reaches a dashboard, and the series stay bounded. A real
 * collector, SQLite file and broker.
 */
@Timeout(120)
class MetricsPeriodsTest {
    static final String MEASURE = "CSPC/PM4.3";

    @Test
    void levelsOfTheLastClosedPeriodWithDataAndOfTheCurrentOne(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2020-11-02T12:00:00Z"));
        try (Collector collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                .http(HttpSettings.loopback()).build(), clock);
                TestAgent agent = new TestAgent(collector.brokerUrl(), keys -> true)) {
            agent.publish(status("agent-1", 1, 1, MEASURE, 25_000));
            agent.publish(intervals("agent-1", 1, 2,
                    interval(MEASURE, millis("2020-09-10T09:00:00Z"), 25_000, 10, 8)));
            agent.publish(intervals("agent-1", 1, 3,
                    interval(MEASURE, millis("2020-07-10T09:00:00Z"), 25_000, 4, 1)));
            agent.publish(intervals("agent-1", 1, 4,
                    interval(MEASURE, millis("2020-06-10T09:00:00Z"), 25_000, 2, 2)));
            await().atMost(Duration.ofSeconds(30)).until(() -> collector.counters().stored() == 4);
            String text = new Http(collector.apiUrl().orElseThrow()).get("/metrics").body();

            HttpApiTest.assertPromtoolAccepts(text);
            assertTrue(text.contains("\npmr_measure_level_ratio{measure=\"CSPC/PM4.3\",period=\"2020-09\","
                    + "provider=\"CSP Central\"} 0.8\n"), text);
            assertTrue(text.contains("\npmr_measure_minimum_ratio{measure=\"CSPC/PM4.3\",period=\"2020-09\","), text);
            assertTrue(text.contains("\npmr_measure_level_ratio{measure=\"CSPC/PM4.3\",period=\"2020-07\","
                    + "provider=\"CSP Central\"} 0.25\n"), text);
            assertFalse(text.contains("period=\"2020-06\""), "June is older than the two latest closed periods");
            assertTrue(text.contains("\npmr_measure_target_ratio{measure=\"CSPC/PM4.3\",period=\"2020-11\","),
                    "the current period's targets:\n" + text);
            assertFalse(text.contains("period=\"2020-10\""), "October has no data and is not the current period");
            assertEquals(3, distinctPeriods(text), "at most three periods: bounded series\n" + text);
        }
    }

    private static long distinctPeriods(String text) {
        Matcher matcher = Pattern.compile("period=\"(\\d{4}-\\d{2})\"").matcher(text);
        return matcher.results().map(m -> m.group(1)).distinct().count();
    }
}
