package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents publish their status and last will retained: an ingest that connects again is handed every agent's retained
 * status at once. Each is a key already stored: a duplicate, acknowledged again, never stored twice nor rejected.
 */
@Timeout(120)
class RetainedStatusIngestTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void retainedStatusesOnAReconnectAreDuplicatesAcknowledgedAgain() throws Exception {
        Envelope birth = status("agent-1", 1, 1, "CSPN/PM4.3", 25_000);
        // The last will, as the broker publishes it for an agent that vanished (its own key, taken at the agent's start).
        Envelope will = status("agent-2", 1, 1, "CSPN/PM4.3", 25_000).toBuilder()
                .setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.OFFLINE_UNEXPECTED)).build();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 65_536, 1 << 20, dir.resolve("broker"))) {
            CollectorSettings settings = CollectorSettings.builder().externalBrokerUrl(broker.url())
                    .databasePath(dir.resolve("pmr.db")).build();
            AtomicInteger acks = new AtomicInteger();
            MqttClient agent = new MqttClient(broker.url(), "agent-1", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            agent.connect(options);
            agent.subscribe("pmr/v1/agent-1/ack", 1, (topic, message) -> acks.incrementAndGet());
            try {
                try (Collector first = Collector.start(settings)) {
                    agent.publish("pmr/v1/agent-1/status", birth.toByteArray(), 1, true);
                    agent.publish("pmr/v1/agent-2/status", will.toByteArray(), 1, true);
                    await().atMost(PATIENCE).until(() -> first.counters().stored() == 2 && acks.get() >= 1);
                }
                int acksBefore = acks.get();
                try (Collector again = Collector.start(settings)) {
                    await().atMost(PATIENCE).until(() -> again.counters().duplicates() == 2);
                    IngestCounters counters = again.counters();
                    assertEquals(2, counters.received(), counters.toString());
                    assertEquals(0, counters.stored(), "nothing stored twice: " + counters);
                    assertEquals(0, counters.rejected(), "nothing rejected: " + counters);
                    assertEquals(2, again.store().envelopeCount());
                    await().atMost(PATIENCE).until(() -> acks.get() > acksBefore); // acknowledged again
                }
            } finally {
                agent.disconnect();
                agent.close();
            }
        }
    }
}
