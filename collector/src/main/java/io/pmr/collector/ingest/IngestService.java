package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.Store;
import io.pmr.proto.v1.Ack;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side of the ingest: a Paho v3 client with a fixed client id, cleanSession=false and manual acks,
 * subscribed QoS 1 to the agents' status, intervals and events topics. Its callback only queues each message in the
 * {@link IngestPipeline} (bounded: a full queue holds the callback, which holds the broker) and acknowledges it to the
 * broker (PUBACK) as soon as it is queued: the delivery promise to an agent is the collector's {@link Ack}, published
 * after the commit, and an agent re-sends whatever is not acknowledged that way, so a PUBACK only frees the broker.
 *
 * <p>Reconnects by itself, with a NEW Paho client per connection attempt, each attempt bounded end to end (TCP,
 * CONNACK and SUBACK within {@code CONNECT_TIMEOUT_MILLIS}): Paho's own automatic reconnect bounds only the TCP
 * connect, and a broker that accepts the socket but never answers (seen with Mosquitto just after a restart) held it
 * for 95 s; a fresh client also leaves no half-finished connect behind. MQTT 3.1.1 only (no silent fallback to 3.1).
 * Messages queued when the connection drops are still committed and acknowledged to their agents; a message that
 * arrives twice (an agent's re-send) is a duplicate by the store's unique key and adds nothing.
 */
public final class IngestService implements AutoCloseable, Responder {
    /** How long the callback waits for room in a full queue before it looks whether the ingest is closing. */
    private static final long OFFER_WAIT_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 2_000;
    /** Attempts at start before giving up (a broker that drops the very first connection gets another chance). */
    private static final int START_ATTEMPTS = 3;

    private final IngestSettings settings;
    /** The client of the current connection attempt; replaced, never reused, by each attempt. */
    private volatile MqttAsyncClient client;
    private final ScheduledExecutorService reconnector;
    private volatile boolean closing;
    /** True while a connection attempt (at start or a reconnect episode) is scheduled or running. */
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final Counters counters = new Counters();
    private final IngestPipeline pipeline;
    private final AtomicLong generation = new AtomicLong();

    private IngestService(IngestSettings settings, PipelineSettings pipelineSettings, Catalogue catalogue, Store store,
            Clock clock) throws MqttException {
        this.settings = settings;
        this.reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pmr-ingest-reconnect-" + settings.clientId());
            thread.setDaemon(true);
            return thread;
        });
        EnvelopeValidator validator = new EnvelopeValidator(catalogue, settings.maxMessageBytes(),
                new WireBounds(clock, settings.maxClockSkew()));
        this.pipeline = new IngestPipeline(pipelineSettings, validator,
                new IngestWorker(validator, store, this, counters, clock), clock, settings.clientId());
    }

    /**
     * Connects, subscribes and starts the pipeline with the defaults for the settings' batch size
     * ({@link PipelineSettings#forBatchSize}); fails if the broker cannot be reached.
     */
    public static IngestService start(IngestSettings settings, Catalogue catalogue, Store store, Clock clock) {
        return start(settings, PipelineSettings.forBatchSize(settings.batchSize()), catalogue, store, clock);
    }

    /** Connects, subscribes and starts the pipeline; fails if the broker cannot be reached. */
    public static IngestService start(IngestSettings settings, PipelineSettings pipelineSettings, Catalogue catalogue,
            Store store, Clock clock) {
        IngestService service;
        try {
            service = new IngestService(settings, pipelineSettings, catalogue, store, clock);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create MQTT client for " + settings.brokerUrl(), e);
        }
        service.pipeline.start();
        // Every connection attempt runs on the reconnector thread: never two at once with the same client id.
        service.reconnecting.set(true);
        try {
            service.reconnector.submit(() -> {
                service.connectAtStart();
                return null;
            }).get();
        } catch (ExecutionException e) {
            service.close();
            throw new IllegalStateException("cannot connect to broker " + settings.brokerUrl() + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("interrupted while connecting to " + settings.brokerUrl(), e);
        }
        return service;
    }

    private void connectAtStart() throws MqttException {
        for (int attempt = 1; ; attempt++) {
            try {
                connect();
                connected();
                return;
            } catch (MqttException | RuntimeException e) {
                if (attempt >= START_ATTEMPTS) {
                    throw e;
                }
                // A first failure is routine, not alarming: Moquette 0.17 drops a connection whose SUBSCRIBE it reads
                // before its CONNACK write completed (it logs "SUBSCRIBE received on already closed connection"), and the
                // next attempt succeeds. Only a second failure in a row is worth a warning.
                if (attempt == 1) {
                    LOG.info("Ingest connection attempt {} to {} failed ({}); trying again", attempt,
                            settings.brokerUrl(), e.toString());
                } else {
                    LOG.warn("Ingest connection attempt {} to {} failed ({}); trying again", attempt,
                            settings.brokerUrl(), e.toString());
                }
            }
        }
    }

    /** Ends a reconnect episode; if the new connection already dropped, starts another. */
    private void connected() {
        reconnecting.set(false);
        MqttAsyncClient current = client;
        if (!current.isConnected() && !closing && reconnecting.compareAndSet(false, true)) {
            generation.incrementAndGet();
            reconnect(100);
        }
    }

    /**
     * One connection attempt with a new client: connect, then subscribe, each bounded. The generation moves first, so
     * every message of this connection carries it (queued messages arrive right after CONNACK).
     *
     * @throws MqttException when the attempt failed; its client is closed
     */
    private void connect() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) (CONNECT_TIMEOUT_MILLIS / 1000));
        options.setMaxInflight(1_000);
        if (settings.login() != null) {
            settings.login().applyTo(options);
        }
        MqttAsyncClient fresh = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        fresh.setManualAcks(true);
        fresh.setCallback(new Callback(fresh));
        generation.incrementAndGet();
        client = fresh;
        try {
            fresh.connect(options).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
            fresh.subscribe(Topics.SUBSCRIPTIONS, subscriptionQos()).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        } catch (MqttException | RuntimeException e) {
            closeQuietly(fresh);
            throw e;
        }
        LOG.info("Ingest connected to {} as {}{}", settings.brokerUrl(), settings.clientId(),
                settings.login() == null ? "" : " (TLS, username " + settings.login().username() + ")");
    }

    /** Tries again until connected or closed, backing off to {@code MAX_RECONNECT_DELAY_MILLIS}. */
    private void reconnect(long delayMillis) {
        if (closing) {
            return;
        }
        try {
            reconnector.schedule(() -> {
                if (closing) {
                    return;
                }
                try {
                    connect();
                    LOG.info("Ingest reconnected to {}", settings.brokerUrl());
                    connected();
                } catch (MqttException | RuntimeException e) {
                    LOG.warn("Ingest reconnect to {} failed ({}); trying again", settings.brokerUrl(), e.toString());
                    reconnect(Math.min(MAX_RECONNECT_DELAY_MILLIS, Math.max(100, delayMillis * 2)));
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the reconnector is shut down
        }
    }

    private static void closeQuietly(MqttAsyncClient stale) {
        try {
            stale.disconnectForcibly(0, 100);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Forced disconnect of a failed connection: {}", e.toString());
        }
        try {
            stale.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Closing a failed connection's client: {}", e.toString());
        }
    }

    private static int[] subscriptionQos() {
        int[] qos = new int[Topics.SUBSCRIPTIONS.length];
        java.util.Arrays.fill(qos, 1);
        return qos;
    }

    /** A snapshot of the counters. */
    public IngestCounters counters() {
        return counters.snapshot();
    }

    /** True once subscribed on the current connection. */
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public boolean publishAck(String agentId, Ack ack) {
        try {
            // QoS 0 on purpose: an Ack is idempotent and an agent re-sends whatever stays unacknowledged, so a
            // lost Ack costs one duplicate. With QoS 1, a broker that drops publishes without PUBACK (Moquette
            // with a full session queue) would leak Paho's in-flight slots until acks stopped altogether.
            client.publish(Topics.ack(agentId), ack.toByteArray(), 0, false);
            return true;
        } catch (MqttException | RuntimeException e) {
            LOG.warn("Ack to agent '{}' not published ({}); it will be re-sent when the agent re-sends",
                    Topics.printable(agentId), e.toString());
            return false;
        }
    }

    /**
     * Stops taking messages (later ones stay with the broker, unacknowledged), commits and acknowledges to their agents
     * the messages already queued, then disconnects.
     */
    @Override
    public void close() {
        closing = true;
        reconnector.shutdownNow();
        pipeline.close();
        MqttAsyncClient client = this.client;
        if (client == null) {
            LOG.info("Ingest stopped: {}", counters.snapshot());
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("Disconnect failed: {}", e.toString());
            try {
                client.disconnectForcibly(0, 1_000);
            } catch (MqttException ignored) {
                LOG.debug("Forced disconnect failed: {}", ignored.toString());
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing the MQTT client failed: {}", e.toString());
        }
        LOG.info("Ingest stopped: {}", counters.snapshot());
    }

    /** The callback of one connection's client: events of a replaced client are ignored. */
    private final class Callback implements MqttCallbackExtended {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // subscriptions are made by connect(), on every connection
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (owner != client || closing) {
                return;
            }
            // Message ids of the lost connection must not be acknowledged on the next one.
            generation.incrementAndGet();
            if (!reconnecting.compareAndSet(false, true)) {
                return; // an attempt in progress: it fails or ends in connected(), which looks again
            }
            LOG.warn("Ingest lost its connection to {}: {}; reconnecting", settings.brokerUrl(), String.valueOf(cause));
            try {
                reconnector.execute(() -> closeQuietly(owner));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
            reconnect(100);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            Inbound inbound = new Inbound(topic, message.getPayload(), message.getId(), message.getQos(),
                    generation.get());
            while (!pipeline.offer(inbound, OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (pipeline.closing()) {
                    return; // not queued, so not acknowledged: the broker keeps it for the session
                }
            }
            if (message.getQos() == 0) {
                return;
            }
            // Queued: the broker may forget it. The agent keeps it until the collector's Ack after the commit.
            try {
                owner.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException | RuntimeException e) {
                LOG.debug("PUBACK of message {} not sent ({}); the broker may deliver it again (a duplicate)",
                        message.getId(), e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Acks are fire-and-forget: an agent that misses one re-sends and is acknowledged again.
        }
    }
}
