package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.VirtualClock;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Agent#tickAll}: three agents ticked together measure, write and send exactly what the same agents ticked one
 * after the other do, and a failure of one does not keep the others from ticking.
 */
class TickAllTest extends OverBrokerFixture {
    private static final long T0 = Instant.parse("2020-10-25T00:30:00Z").toEpochMilli() * 1_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private final List<Agent> started = new ArrayList<>();

    @AfterEach
    void closeAgents() {
        for (Agent agent : started) {
            agent.close(Duration.ofMillis(200));
        }
    }

    /** One agent per region, on ports of their own (each its own clock, as the rig's share one). */
    private List<TestPort> agents(String prefix, List<Agent> into) {
        List<TestPort> ports = new ArrayList<>();
        for (Region region : Region.values()) {
            TestPort port = new TestPort(region, new VirtualClock(T0));
            String id = prefix + "-" + region.name().toLowerCase(Locale.ROOT);
            Agent agent = Agent.start(AgentSettings.builder().agentId(id).region(region).brokerUrl(broker.url())
                    .dataDir(dataDir.resolve(id)).publishEvery(Duration.ofSeconds(60))
                    .resendAfter(Duration.ofSeconds(2)).build(), port, scheduler);
            started.add(agent);
            into.add(agent);
            ports.add(port);
        }
        return ports;
    }

    /**
     * Seeded traffic: per region and second a few RTT4 starts of either variant, ends 0 to 40 s later (some lost, some failed),
     * each second closed by {@code tick}; then three minutes of ticks so everything ends or expires, and a flush.
     */
    private static void drive(List<TestPort> ports, List<Agent> agents, Runnable tick) {
        List<Random> randoms = new ArrayList<>();
        List<List<long[]>> pending = new ArrayList<>(); // per region: {id, endSecond, success}
        for (int r = 0; r < ports.size(); r++) {
            randoms.add(new Random(100 + r));
            pending.add(new ArrayList<>());
        }
        long[] nextId = new long[ports.size()];
        for (int second = 0; second < 600 + 180; second++) {
            for (int r = 0; r < ports.size(); r++) {
                TestPort port = ports.get(r);
                Random random = randoms.get(r);
                List<long[]> due = pending.get(r);
                for (int i = due.size() - 1; i >= 0; i--) {
                    long[] event = due.get(i);
                    if (event[1] == second) {
                        port.end(event[0], event[2] == 1);
                        due.remove(i);
                    }
                }
                int starts = second < 600 ? random.nextInt(4) : 0;
                for (int i = 0; i < starts; i++) {
                    long id = ++nextId[r];
                    port.start(id, EventKind.RTT4, random.nextBoolean() ? HubVariant.SKU1 : HubVariant.SKU2);
                    if (random.nextInt(10) != 0) { // one in ten is lost and times out
                        due.add(new long[] {id, second + 1 + random.nextInt(40), random.nextInt(8) == 0 ? 0 : 1});
                    }
                }
                port.advance(Duration.ofSeconds(1));
            }
            tick.run();
        }
        for (Agent agent : agents) {
            agent.flush();
        }
    }

    /** What the collector received from one agent: its interval reports in sequence order. */
    private List<IntervalReport> received(String agentId) {
        List<IntervalReport> reports = new ArrayList<>();
        collector.stored().stream().filter(envelope -> envelope.getAgentId().equals(agentId))
                .sorted(Comparator.comparingLong(Envelope::getSequence))
                .forEach(envelope -> reports.addAll(envelope.getIntervals().getIntervalsList()));
        return reports;
    }

    @Test
    void agentsTickedTogetherSendExactlyWhatTheySendTickedOneAfterTheOther() {
        List<Agent> together = new ArrayList<>();
        List<TestPort> togetherPorts = agents("together", together);
        List<Agent> inTurn = new ArrayList<>();
        List<TestPort> inTurnPorts = agents("in-turn", inTurn);
        await().atMost(WAIT).until(() -> started.stream().allMatch(Agent::isConnected));

        drive(togetherPorts, together, () -> Agent.tickAll(together));
        drive(inTurnPorts, inTurn, () -> inTurn.forEach(Agent::tick));

        await().atMost(WAIT).until(() -> started.stream().allMatch(agent -> agent.outboxSize() == 0));
        for (int r = 0; r < Region.values().length; r++) {
            String region = Region.values()[r].name().toLowerCase(Locale.ROOT);
            List<IntervalReport> expected = received("in-turn-" + region);
            List<IntervalReport> actual = received("together-" + region);
            AgentCounters counters = together.get(r).counters();
            assertTrue(counters.starts() > 500, "the traffic reached the agent: " + counters);
            assertEquals(counters.starts(), actual.stream().mapToLong(IntervalReport::getEvents).sum(),
                    "every start reported once");
            assertTrue(counters.timedOut() > 0 && counters.failed() > 0, "every verdict occurs: " + counters);
            assertEquals(expected, actual, "region " + region + ": the same intervals, counts and histograms");
            AgentCounters one = inTurn.get(r).counters();
            assertEquals(List.of(one.starts(), one.ends(), one.withinTrt(), one.timedOut(), one.failed(),
                    one.lateEnds(), one.unknownEnds(), one.envelopesWritten()),
                    List.of(counters.starts(), counters.ends(), counters.withinTrt(), counters.timedOut(),
                            counters.failed(), counters.lateEnds(), counters.unknownEnds(), counters.envelopesWritten()),
                    "region " + region + ": the same counts and envelopes written");
        }
    }

    @Test
    void whenOneAgentCannotTickTheOthersStillDoAndTheFailureReachesTheDriver() {
        List<Agent> agents = new ArrayList<>();
        List<TestPort> ports = agents("gw", agents);
        for (TestPort port : ports) {
            port.start(1, EventKind.RTT4, HubVariant.SKU1);
            port.advance(Duration.ofSeconds(1));
        }
        agents.get(1).close(Duration.ZERO); // its thread of control has stopped: a tick cannot be handed to it

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Agent.tickAll(agents));

        assertTrue(failure.getMessage().contains("gw-central") || failure.getMessage().contains("has stopped"),
                failure.getMessage());
        assertEquals(1, agents.get(0).counters().starts(), "the first agent ticked: its counts are published");
        assertEquals(1, agents.get(2).counters().starts(), "the agent after the failed one ticked too");
    }
}
