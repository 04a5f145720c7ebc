package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.broker.BrokerWatchdog;
import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker watchdog restarts the embedded broker on the same port when a session loop is dead, and the ingest and
 * publishers carry on: what is published after the restart is stored and acknowledged.
 */
@Timeout(90)
class BrokerWatchdogTest {
    private static final Duration PERIOD = Duration.ofMillis(50);
    private static final long START = millis("2020-09-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anInjectedDeadLoopRestartsTheBrokerOnTheSamePortAndIngestCarriesOn() throws Exception {
        AtomicReference<List<String>> dead = new AtomicReference<>(List.of());
        AtomicInteger probes = new AtomicInteger();
        // Reports the injected dead loop once: the restart is what makes it go away.
        Function<EmbeddedBroker, BrokerWatchdog.LoopProbe> probe = broker -> () -> {
            probes.incrementAndGet();
            return dead.getAndSet(List.of());
        };
        try (Collector collector = start(probe)) {
            String url = collector.brokerUrl();
            int port = collector.broker().port();
            List<Thread> loopsBefore = collector.broker().sessionLoops();
            deliver(collector, intervals("agent-1", 1, 1, interval("CSPN/PM4.3", START, 25_000, 10, 9)));
            int probesBefore = probes.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() > probesBefore + 2);
            assertEquals(0, collector.brokerRestarts(), "no restart while every loop runs");

            dead.set(List.of("Session Executor 0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.brokerRestarts() == 1);

            assertEquals(url, collector.brokerUrl());
            assertEquals(port, collector.broker().port(), "the same port");
            assertTrue(collector.broker().sessionLoops().stream().noneMatch(loopsBefore::contains),
                    "the session loops are new");
            deliver(collector, intervals("agent-1", 1, 2, interval("CSPN/PM4.3", START + 60_000, 25_000, 10, 8)));
            assertFigure(collector, 20, 17);
            assertEquals(1, collector.brokerRestarts(), "one restart for one dead loop");
            assertEquals(2, collector.counters().stored());
        }
    }

    @Test
    void aRealDeadSessionLoopOfTheIngestIsFoundAndTheBrokerRestarted() throws Exception {
        try (Collector collector = start(broker -> broker::deadSessionLoops)) {
            deliver(collector, intervals("agent-1", 1, 1, interval("CSPN/PM4.3", START, 25_000, 10, 9)));
            List<Thread> loops = collector.broker().sessionLoops();
            // Moquette routes a client's commands to loop |clientId.hashCode()| % loops: kill the ingest's own loop,
            // as the 'increment : 0' exception does (an interrupted loop exits for good, like a thrown one).
            Thread ingestLoop = loops.get(Math.abs(settings().clientId().hashCode()) % loops.size());
            ingestLoop.interrupt();
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.brokerRestarts() == 1);
            assertFalse(ingestLoop.isAlive());

            deliver(collector, intervals("agent-1", 1, 2, interval("CSPN/PM4.3", START + 60_000, 25_000, 10, 8)));
            assertFigure(collector, 20, 17);
            assertEquals(List.of(), collector.broker().deadSessionLoops());
        }
    }

    private Collector start(Function<EmbeddedBroker, BrokerWatchdog.LoopProbe> probe) {
        return Collector.start(settings(), Clock.systemUTC(), probe, PERIOD);
    }

    private CollectorSettings settings() {
        return CollectorSettings.builder().databasePath(dir.resolve("pmr.db")).build();
    }

    /**
     * Publishes as an agent does until the collector's Ack: on a new connection each time, re-sent every 500 ms
     * (right after a restart the ingest may not have subscribed again, and the broker drops what nobody reads).
     */
    private static void deliver(Collector collector, Envelope envelope) {
        EnvelopeKey key = new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
        AtomicReference<TestAgent> agent = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                if (agent.get() == null) {
                    agent.set(new TestAgent(collector.brokerUrl(), keys -> true));
                }
                if (agent.get().acked().contains(key)) {
                    return true;
                }
                agent.get().publishNoWait(envelope);
                return false;
            });
        } finally {
            if (agent.get() != null) {
                try {
                    agent.get().close();
                } catch (Exception e) {
                    // the test's outcome is already decided
                }
            }
        }
    }

    private static void assertFigure(Collector collector, long denominator, long numerator) {
        MeasureFigure figure = collector.report(YearMonth.of(2020, 9)).measures().stream()
                .filter(f -> f.id().equals("CSPN/PM4.3")).findFirst().orElseThrow();
        assertEquals(denominator, figure.denominator());
        assertEquals(numerator, figure.numerator());
    }
}
