package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.model.Topics;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.MeasureSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector sends each agent its TRTs: an {@code AgentConfig} retained on {@code pmr/v1/{id}/config} once a status
 * of the agent is stored, which an agent subscribing later still finds.
 */
@Timeout(120)
class AgentConfigPublishTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aBirthEarnsTheAgentARetainedConfigWithTheCataloguesTrts() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 65_536, 1 << 20, dir.resolve("broker"))) {
            CollectorSettings settings = CollectorSettings.builder().externalBrokerUrl(broker.url())
                    .databasePath(dir.resolve("pmr.db")).build();
            MqttClient agent = new MqttClient(broker.url(), "agent-1", new MemoryPersistence());
            agent.connect();
            try (Collector collector = Collector.start(settings)) {
                agent.publish(Topics.of("agent-1", Topics.Suffix.STATUS),
                        status("agent-1", 1, 1, "CSPN/PM4.3", 25_000).toByteArray(), 1, true);
                await().atMost(PATIENCE).until(() -> collector.counters().stored() == 1);

                // subscribing only now: the config is retained
                AgentConfig config = awaitConfig(agent, "agent-1");
                assertEquals("agent-1", config.getAgentId());
                Catalogue shipped = Catalogue.shipped();
                for (MeasureSource source : config.getMeasuresList()) {
                    io.pmr.model.TrtRule rule = shipped.trtRule(source.getMeasureId()).orElseThrow();
                    // a rule that is not a plain duration (TSP/PM1.1, PM1.7) travels as its text with its duration
                    assertEquals(rule.duration() == null ? 0 : rule.duration().toMillis(), source.getTrtMillis(),
                            source.getMeasureId());
                    assertEquals(rule.isFixed() ? "" : rule.text(), source.getTrtRule(), source.getMeasureId());
                }
                assertEquals(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.3").setTrtMillis(25_000).build(),
                        config.getMeasuresList().stream().filter(m -> m.getMeasureId().equals("CSPN/PM4.3"))
                                .findFirst().orElseThrow());
                assertEquals(0, collector.counters().rejected(), "the collector's own config is not ingested");
            } finally {
                agent.disconnect();
                agent.close();
            }
        }
    }

    private static AgentConfig awaitConfig(MqttClient client, String agentId) throws Exception {
        List<AgentConfig> configs = new CopyOnWriteArrayList<>();
        client.subscribe(Topics.config(agentId), 1,
                (topic, message) -> configs.add(AgentConfig.parseFrom(message.getPayload())));
        await().atMost(PATIENCE).until(() -> !configs.isEmpty());
        return configs.get(0);
    }
}
