package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.Store;
import io.pmr.proto.v1.Ack;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.pmr.mqtt.MqttSession;
import io.pmr.mqtt.SessionSettings;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side of the ingest: an {@link MqttSession} with a fixed client id, cleanSession=false and manual acks,
 * subscribed QoS 1 to the agents' status, intervals and events topics. Its listener only queues each message in the
 * {@link IngestPipeline} (bounded: a full queue holds Paho's thread, which holds the broker) and acknowledges it to the
 * broker (PUBACK) as soon as it is queued: the delivery promise to an agent is the collector's {@link Ack}, published
 * after the commit, and an agent re-sends whatever is not acknowledged that way, so a PUBACK only frees the broker.
 *
 * <p>The session reconnects by itself, each attempt with a new Paho client and bounded end to end (TCP, CONNACK and
 * SUBACK within {@code HANDSHAKE_TIMEOUT}), backing off from 100 ms to 2 s. Messages queued when the connection drops
 * are still committed and acknowledged to their agents; a message that arrives twice (an agent's re-send, or a
 * broker's redelivery of one whose PUBACK was lost) is a duplicate by the store's unique key and adds nothing.
 *
 * <p><b>Sharing the stream</b> ({@link IngestSettings#shareGroup()} set): the session subscribes
 * {@code $share/GROUP/pmr/v1/+/...}, so the broker hands each agent message to one collector of the group, and connects
 * with <em>cleanSession=true</em>. Why clean: Mosquitto 2.0 deals a group's messages round robin over its members'
 * sessions whether connected or not ({@code subs__shared_process} in its {@code src/subs.c}), so a collector that is
 * down with a kept session would go on receiving its share into a queue nobody reads, up to the broker's queue limit,
 * then dropped; with a clean session the member leaves the group when its connection goes. Mosquitto then discards
 * what it had in flight to that member (it is not dealt to the others): the agents re-send every envelope that no
 * collector's {@link Ack} covered, and the surviving collectors store it. Deliveries are routed by the real topic each
 * message carries ({@code pmr/v1/{agentId}/...}) from the session's one client callback: Paho v3 does not match
 * {@code $share} filters to per-subscription listeners, and the session uses none. Whichever collector commits an
 * envelope publishes its Ack (cumulative over the keys that collector holds); a copy reaching another collector is a
 * duplicate by the store's key when they share one store, and is stored in both when each has its own.
 */
public final class IngestService implements AutoCloseable, Responder {
    /** How long the callback waits for room in a full queue before it looks whether the ingest is closing. */
    private static final long OFFER_WAIT_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
    /**
     * Passing failures at start before giving up: a broker may drop the very first connection (one that reads the
     * SUBSCRIBE before its CONNACK write completed has been seen to), and the next attempt succeeds.
     */
    private static final int START_ATTEMPTS = 3;

    private final ScheduledExecutorService reconnector;
    private final MqttSession session;
    private final Counters counters = new Counters();
    private final IngestPipeline pipeline;
    private final AgentConfigs configs;

    private IngestService(IngestSettings settings, PipelineSettings pipelineSettings, Catalogue catalogue, Store store,
            Clock clock) {
        this.configs = new AgentConfigs(catalogue);
        this.reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pmr-ingest-reconnect-" + settings.clientId());
            thread.setDaemon(true);
            return thread;
        });
        EnvelopeValidator validator = new EnvelopeValidator(catalogue, settings.maxMessageBytes(),
                new WireBounds(clock, settings.maxClockSkew()));
        this.pipeline = new IngestPipeline(pipelineSettings, validator,
                new IngestWorker(validator, store, this, counters, clock), clock, settings.clientId());
        this.session = new MqttSession(sessionSettings(settings), reconnector, System::nanoTime, this::enqueue);
    }

    /**
     * The ingest's MQTT session: a fixed client id, manual acks, QoS 1 subscriptions to the agents' topics (shared in a
     * group), a kept session alone and a clean one in a group (see "Sharing the stream" above).
     */
    static SessionSettings sessionSettings(IngestSettings settings) {
        return SessionSettings.of(settings.brokerUrl(), settings.clientId())
                .withCleanSession(settings.shared())
                .withManualAcks(true)
                .withSubscriptions(List.of(settings.subscriptions()))
                .withLogin(settings.login())
                .withHandshakeTimeout(HANDSHAKE_TIMEOUT)
                .withBackoff(Duration.ofMillis(100), MAX_RECONNECT_DELAY)
                .withStartAttempts(START_ATTEMPTS);
    }

    /**
     * Connects, subscribes and starts the pipeline with the defaults for the settings' batch size
     * ({@link PipelineSettings#forBatchSize}); fails if the broker cannot be reached or refuses the login.
     */
    public static IngestService start(IngestSettings settings, Catalogue catalogue, Store store, Clock clock) {
        return start(settings, PipelineSettings.forBatchSize(settings.batchSize()), catalogue, store, clock);
    }

    /** Connects, subscribes and starts the pipeline; fails if the broker cannot be reached or refuses the login. */
    public static IngestService start(IngestSettings settings, PipelineSettings pipelineSettings, Catalogue catalogue,
            Store store, Clock clock) {
        IngestService service = new IngestService(settings, pipelineSettings, catalogue, store, clock);
        service.pipeline.start();
        service.session.start();
        try {
            service.session.firstConnection().get();
        } catch (ExecutionException e) {
            service.close();
            throw new IllegalStateException("cannot connect to broker " + settings.brokerUrl() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("interrupted while connecting to " + settings.brokerUrl(), e);
        }
        LOG.info("Ingest connected to {} as {}{}{}", settings.brokerUrl(), settings.clientId(),
                settings.login() == null ? "" : " (TLS, username " + settings.login().username() + ")",
                settings.shared() ? ", sharing the agents' stream in group " + settings.shareGroup() : "");
        return service;
    }

    /**
     * On Paho's thread: waits for room in the pipeline's queue (holding the broker) unless it is closing, then
     * acknowledges the message to the broker at once. Queued, the broker may forget it: the agent keeps it until the
     * collector's Ack after the commit.
     */
    private void enqueue(String topic, MqttMessage message, long connection) throws InterruptedException {
        Inbound inbound = new Inbound(topic, message.getPayload());
        while (!pipeline.offer(inbound, OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            if (pipeline.closing()) {
                return; // not queued, so not acknowledged: the broker keeps it for the session
            }
        }
        if (message.getQos() == 0) {
            return;
        }
        try {
            session.complete(message.getId(), message.getQos(), connection);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("PUBACK of message {} not sent ({}); the broker may deliver it again (a duplicate)",
                    message.getId(), e.toString());
        }
    }

    /** A snapshot of the counters. */
    public IngestCounters counters() {
        return counters.snapshot();
    }

    /** True once subscribed on the current connection. */
    public boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public boolean publishAck(String agentId, Ack ack) {
        try {
            // QoS 0 on purpose: an Ack is idempotent and an agent re-sends whatever stays unacknowledged, so a
            // lost Ack costs one duplicate. With QoS 1, a broker that drops publishes without PUBACK (as a broker
            // with a full session queue may) would leak Paho's in-flight slots until acks stopped altogether.
            session.publish(Topics.ack(agentId), ack.toByteArray(), 0, false);
            return true;
        } catch (MqttException | RuntimeException e) {
            LOG.warn("Ack to agent '{}' not published ({}); it will be re-sent when the agent re-sends",
                    Topics.printable(agentId), e.toString());
            return false;
        }
    }

    @Override
    public void publishConfig(String agentId) {
        try {
            // QoS 1 and retained: the broker keeps it for the agent's next subscription, whenever that is. Rare (one
            // per status), so the in-flight window Acks avoid QoS 1 for is not at risk.
            session.publish(Topics.config(agentId), configs.configFor(agentId).toByteArray(), 1, true);
            LOG.debug("Config {} published to agent '{}'", Long.toUnsignedString(configs.version()),
                    Topics.printable(agentId));
        } catch (MqttException | RuntimeException e) {
            LOG.warn("Config to agent '{}' not published ({}); it goes again at the agent's next status",
                    Topics.printable(agentId), e.toString());
        }
    }

    /**
     * Stops taking messages (later ones stay with the broker, unacknowledged), commits and acknowledges to their agents
     * the messages already queued, then disconnects.
     */
    @Override
    public void close() {
        pipeline.close();
        // Quiesce: Paho may still be writing the last batch's Acks.
        session.close(Duration.ofSeconds(1), Duration.ofSeconds(5));
        reconnector.shutdownNow();
        LOG.info("Ingest stopped: {}", counters.snapshot());
    }
}
