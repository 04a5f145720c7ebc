package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.VirtualClock;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Availability probes through a whole agent, a broker and a test collector: the down windows the agent sends are
 * exactly the probe rule's, no watermark passes a window before the envelope carrying it, and a graceful restart in
 * the middle of an outage changes nothing.
 */
class AvailabilityProbeAgentTest {
    /** Two minutes before September 2020 ends in London (2020-09-30T23:00Z). */
    private static final long T0 = Instant.parse("2020-09-30T22:58:00Z").toEpochMilli() * 1_000_000L;
    private static final long T0_MILLIS = T0 / 1_000_000L;
    private static final long MONTH_END_MILLIS = Instant.parse("2020-09-30T23:00:00Z").toEpochMilli();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PM62 = "CSPN/PM6.2";
    /**
     * One probe every 10 s from T0: U answered in 300 ms, F an error, L lost, S answered 1 ms after the 2 s timeout.
     * The first probe fails; a probe is lost at 60 s; a failure at 120 s, exactly the month end, starts an outage
     * lasting five publishes (with a lost and a late probe in it), up again at 310 s.
     */
    private static final String SCRIPT = "FLUUUULUUUUUFFLFFSFFLFFFFFFFFFFUUU";
    private static final List<List<Long>> RULE = List.of(List.of(T0_MILLIS, T0_MILLIS + 20_000),
            List.of(T0_MILLIS + 60_000, T0_MILLIS + 70_000), List.of(MONTH_END_MILLIS, T0_MILLIS + 310_000));

    @TempDir
    Path dataDir;

    private TestBroker broker;
    private TestCollector collector;
    private ScheduledExecutorService scheduler;
    private TestPort port;
    private Agent agent;
    private long nextId = 1;

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.start();
        collector = new TestCollector(broker.url());
        scheduler = Executors.newScheduledThreadPool(2);
        port = new TestPort(Region.NORTH, new VirtualClock(T0));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close(Duration.ofMillis(200));
        }
        collector.close();
        broker.close();
        scheduler.shutdownNow();
    }

    private AgentSettings settings() {
        return AgentSettings.builder().agentId("gw-north-1").region(Region.NORTH).brokerUrl(broker.url())
                .dataDir(dataDir).trts(Map.of(EventKind.AVAILABILITY_PROBE, EventKind.AVAILABILITY_PROBE.defaultTrt()))
                .publishEvery(Duration.ofSeconds(60)).resendAfter(Duration.ofSeconds(1)).build();
    }

    /** Runs probes {@code from} to {@code to} (exclusive) of the script, ticking every 100 ms of the port's clock. */
    private void probes(int from, int to) {
        for (int i = from; i < to; i++) {
            long id = nextId++;
            char outcome = SCRIPT.charAt(i);
            port.start(id, EventKind.AVAILABILITY_PROBE, HubVariant.SKU1);
            for (int step = 1; step <= 100; step++) {
                port.advance(Duration.ofMillis(100));
                if (step == 3 && (outcome == 'U' || outcome == 'F')) {
                    port.end(id, outcome == 'U');
                }
                if (step == 20 && outcome == 'S') {
                    port.advance(Duration.ofMillis(1)); // 2.001 s after the start, then back on the 100 ms grid
                    port.end(id, true);
                    port.advance(Duration.ofMillis(99));
                    step++;
                }
                agent.tick();
            }
        }
    }

    private List<List<Long>> windowsAfterDrain() {
        agent.flush();
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        List<Envelope> envelopes = new ArrayList<>(collector.stored());
        envelopes.sort(Comparator.comparingLong(Envelope::getBootEpoch).thenComparingLong(Envelope::getSequence));
        List<List<Long>> windows = new ArrayList<>();
        long passed = Long.MIN_VALUE;
        for (Envelope envelope : envelopes) {
            for (DownWindow window : envelope.getIntervals().getDownWindowsList()) {
                assertEquals(PM62, window.getMeasureId());
                assertTrue(window.getStartEpochMillis() >= passed, "watermark " + passed + " passed " + window);
                windows.add(List.of(window.getStartEpochMillis(), window.getEndEpochMillis()));
            }
            for (MeasureWatermark watermark : envelope.getIntervals().getWatermarksList()) {
                passed = Math.max(passed, watermark.getFinalThroughEpochMillis());
            }
        }
        assertTrue(passed > MONTH_END_MILLIS, "once the last window closed, the watermark passed its start: " + passed);
        return windows;
    }

    @Test
    void probeVerdictsBecomeExactlyTheRulesWindowsAndNoWatermarkPassesAnOpenOne() {
        agent = Agent.start(settings(), port, scheduler);
        probes(0, SCRIPT.length());
        assertEquals(RULE, windowsAfterDrain());
    }

    @Test
    void aGracefulRestartInTheMiddleOfAnOutageKeepsTheWindowWhole() {
        agent = Agent.start(settings(), port, scheduler);
        probes(0, 20);
        long id = nextId++;
        port.start(id, EventKind.AVAILABILITY_PROBE, HubVariant.SKU1); // probe 20 (F): its error comes after the restart
        port.advance(Duration.ofMillis(100));
        agent.close(Duration.ofSeconds(5));
        long firstEpoch = agent.bootEpoch();
        port = new TestPort(Region.NORTH, port.clock());
        agent = Agent.start(settings(), port, scheduler);
        port.advance(Duration.ofMillis(200));
        port.end(id, false);
        port.advance(Duration.ofMillis(9_700));
        agent.tick();
        probes(21, SCRIPT.length());
        assertTrue(agent.bootEpoch() > firstEpoch, "a second boot");
        assertEquals(RULE, windowsAfterDrain());
    }
}
