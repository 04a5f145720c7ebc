package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.VirtualClock;
import io.pmr.model.Topics;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.MeasureSource;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The collector's retained {@code AgentConfig} on {@code pmr/v1/{id}/config} reaching a running agent over a real
 * broker, and the rule for events in flight: a new TRT applies to events starting from the next one-minute interval
 * after the agent takes the config up; earlier events keep the TRT they started under.
 */
class AgentConfigOverBrokerTest extends OverBrokerFixture {
    private static final String AGENT = "gw-north-1";
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long T0 = Instant.parse("2020-09-01T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private TestPort port;
    private Agent agent;

    @BeforeEach
    void makePort() {
        port = new TestPort(Region.NORTH, new VirtualClock(T0));
    }

    @AfterEach
    void closeAgent() {
        if (agent != null) {
            agent.close(Duration.ofMillis(200));
        }
    }

    private void startAgent() {
        agent = Agent.start(AgentSettings.builder().agentId(AGENT).region(Region.NORTH).brokerUrl(broker.url())
                .dataDir(dataDir).publishEvery(Duration.ofSeconds(60)).resendAfter(Duration.ofSeconds(2))
                .trt(EventKind.RTT4, Duration.ofSeconds(25)).build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
    }

    /** Publishes a config as the collector does: QoS 1, retained, on the agent's config topic. */
    private void publishConfig(AgentConfig config) throws Exception {
        MqttClient client = new MqttClient(broker.url(), "test-collector-config", new MemoryPersistence());
        try {
            client.connect();
            client.publish(Topics.config(AGENT), config.toByteArray(), 1, true);
            client.disconnect();
        } finally {
            client.close();
        }
    }

    private static AgentConfig config(String agentId, long version, long rtt4TrtMillis) {
        return AgentConfig.newBuilder().setAgentId(agentId).setConfigVersion(version)
                .addMeasures(MeasureSource.newBuilder().setMeasureId(RTT4).setTrtMillis(rtt4TrtMillis))
                // a measure this agent does not measure is ignored
                .addMeasures(MeasureSource.newBuilder().setMeasureId("CSPC/PM4.3").setTrtMillis(1_000))
                .build();
    }

    private void at(long secondsAfterT0) {
        port.clock().advanceTo(T0 + secondsAfterT0 * 1_000_000_000L);
        agent.tick();
    }

    /** Ticks (on this thread, the measuring one) until the agent has taken up {@code n} configs. */
    private void awaitConfigsApplied(long n) {
        await().atMost(WAIT).pollInSameThread().until(() -> {
            agent.tick();
            return agent.configsApplied() == n;
        });
    }

    @Test
    void aChangedTrtAppliesToEventsStartingFromTheNextIntervalAndEarlierOnesKeepTheirs() throws Exception {
        startAgent();
        at(10);
        port.start(1, EventKind.RTT4, HubVariant.SKU1); // 12:00:10, before the config: 25 s
        at(15);
        port.end(1, true); // 5 s: within 25 s

        publishConfig(config(AGENT, 7, 3_000)); // 25 s -> 3 s
        awaitConfigsApplied(1); // taken up at 12:00:15 of the port's clock: in force from 12:01:00
        assertEquals(25_000_000_000L, agent.trtNanos(EventKind.RTT4, T0 + 59_999_999_999L));
        assertEquals(3_000_000_000L, agent.trtNanos(EventKind.RTT4, T0 + 60_000_000_000L));

        at(30);
        port.start(2, EventKind.RTT4, HubVariant.SKU1); // after the config, same interval: still 25 s
        at(35);
        port.end(2, true); // 5 s: within
        at(50);
        port.start(3, EventKind.RTT4, HubVariant.SKU1); // 25 s, never answered: deadline 12:01:15
        at(61);
        port.start(4, EventKind.RTT4, HubVariant.SKU1); // 12:01:01: 3 s
        at(62);
        port.start(5, EventKind.RTT4, HubVariant.SKU1); // 3 s
        at(63);
        port.start(6, EventKind.RTT4, HubVariant.SKU1); // 3 s, never answered: deadline 12:01:06
        port.end(4, false); // an error response: failed
        at(64);
        port.end(5, true); // 2 s: within 3 s
        port.start(7, EventKind.RTT4, HubVariant.SKU1); // 3 s
        at(67);
        port.advance(Duration.ofMillis(500));
        port.end(7, true); // 3.5 s: within the old 25 s, outside the new 3 s: failed
        at(70);
        assertEquals(1, agent.counters().timedOut(),
                "event 6 timed out at its own 3 s deadline, not held behind event 3's later one");
        at(76);
        assertEquals(2, agent.counters().timedOut(), "event 3 kept its 25 s deadline");

        for (int s = 77; s < 200; s++) {
            at(s);
        }
        agent.flush();
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);

        List<IntervalReport> reports = collector.intervals().stream()
                .sorted(Comparator.comparingLong(IntervalReport::getIntervalStartEpochMillis)).toList();
        assertEquals(2, reports.size(), reports.toString());
        IntervalReport before = reports.get(0);
        assertEquals(T0 / 1_000_000L, before.getIntervalStartEpochMillis());
        assertEquals(25_000, before.getTrtMillis(), "the interval the config arrived in keeps the old TRT");
        assertEquals(List.of(3L, 2L, 1L, 0L),
                List.of(before.getEvents(), before.getWithinTrt(), before.getTimedOut(), before.getFailed()));
        IntervalReport after = reports.get(1);
        assertEquals(T0 / 1_000_000L + 60_000, after.getIntervalStartEpochMillis());
        assertEquals(3_000, after.getTrtMillis());
        assertEquals(List.of(4L, 1L, 1L, 2L),
                List.of(after.getEvents(), after.getWithinTrt(), after.getTimedOut(), after.getFailed()));
    }

    @Test
    void aRestartedAgentMeasuresWithTheConfigItTookUpBeforeFromItsFirstEvent() throws Exception {
        publishConfig(config(AGENT, 7, 3_000));
        startAgent();
        awaitConfigsApplied(1);
        agent.close(Duration.ofMillis(200));

        port = new TestPort(Region.NORTH, port.clock());
        agent = Agent.start(AgentSettings.builder().agentId(AGENT).region(Region.NORTH).brokerUrl(broker.url())
                .dataDir(dataDir).trt(EventKind.RTT4, Duration.ofSeconds(25)).build(), port, scheduler);
        // no tick yet, so not the retained copy: the kept one, for every start
        assertEquals(3_000_000_000L, agent.trtNanos(EventKind.RTT4, Long.MIN_VALUE));
        assertEquals(0, agent.configsApplied());
        await().atMost(WAIT).until(() -> agent.configsReceived() == 1);
        agent.tick();
        assertEquals(0, agent.configsApplied(), "the retained copy of the config in force changes nothing");
        assertEquals(3_000_000_000L, agent.trtNanos(EventKind.RTT4, Long.MAX_VALUE));
    }

    @Test
    void theRetainedConfigAgainAfterAReconnectChangesNothingAndABadOneIsIgnored() throws Exception {
        publishConfig(config(AGENT, 7, 3_000)); // retained before the agent exists
        startAgent();
        awaitConfigsApplied(1);
        assertEquals(3_000_000_000L, agent.trtNanos(EventKind.RTT4, Long.MAX_VALUE));

        publishConfig(config("gw-north-2", 8, 9_000)); // someone else's id on our topic
        publishConfig(AgentConfig.newBuilder().setAgentId(AGENT).setConfigVersion(9)
                .addMeasures(MeasureSource.newBuilder().setMeasureId(RTT4).setTrtMillis(0)).build());
        await().atMost(WAIT).until(() -> agent.configsIgnored() == 2);

        publishConfig(config(AGENT, 7, 3_000)); // the one in force, again
        publishConfig(config(AGENT, 10, 4_000));
        awaitConfigsApplied(2);
        assertEquals(4_000_000_000L, agent.trtNanos(EventKind.RTT4, Long.MAX_VALUE));
        assertEquals(2, agent.configsIgnored());
    }
}
