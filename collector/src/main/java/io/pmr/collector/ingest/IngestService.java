package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.Store;
import io.pmr.proto.v1.Ack;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * subscribed QoS 1 to the agents' status, intervals and events topics. Its callback only enqueues (bounded: a full
 * queue holds the callback, which holds the broker); an {@link IngestWorker} thread does the rest.
 *
 * <p>Reconnects by itself, with a NEW Paho client per connection attempt, each attempt bounded end to end (TCP,
 * CONNACK and SUBACK within {@code CONNECT_TIMEOUT_MILLIS}): Paho's own automatic reconnect bounds only the TCP
 * connect, and a broker that accepts the socket but never answers (seen with Mosquitto just after a restart) held it
 * for 95 s; a fresh client also leaves no half-finished connect behind. MQTT 3.1.1 only (no silent fallback to 3.1).
 * Messages not yet committed when the connection drops are not acknowledged on the new connection (their ids belong to
 * the old one): the broker redelivers them and the store's unique key makes the second copy a no-op.
 */
public final class IngestService implements AutoCloseable, Responder {
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
    private final BlockingQueue<Inbound> queue;
    private final Counters counters = new Counters();
    private final IngestWorker worker;
    private final Thread workerThread;
    private final AtomicLong generation = new AtomicLong();
    private final AgentConfigs configs;

    private IngestService(IngestSettings settings, Catalogue catalogue, Store store, Clock clock)
            throws MqttException {
        this.settings = settings;
        this.configs = new AgentConfigs(catalogue);
        this.queue = new ArrayBlockingQueue<>(Math.max(64, settings.batchSize() * 4));
        this.reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pmr-ingest-reconnect-" + settings.clientId());
            thread.setDaemon(true);
            return thread;
        });
        this.worker = new IngestWorker(queue, new EnvelopeValidator(catalogue, settings.maxMessageBytes(),
                new WireBounds(clock, settings.maxClockSkew())), store,
                this, counters, clock, settings.batchSize());
        this.workerThread = new Thread(worker, "pmr-ingest-" + settings.clientId());
    }

    /** Connects, subscribes and starts the worker; fails if the broker cannot be reached. */
    public static IngestService start(IngestSettings settings, Catalogue catalogue, Store store, Clock clock) {
        IngestService service;
        try {
            service = new IngestService(settings, catalogue, store, clock);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create MQTT client for " + settings.brokerUrl(), e);
        }
        service.workerThread.start();
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
    public void complete(Inbound inbound) {
        if (inbound.qos() == 0 || inbound.generation() != generation.get()) {
            return;
        }
        try {
            client.messageArrivedComplete(inbound.messageId(), inbound.qos());
        } catch (MqttException | RuntimeException e) {
            LOG.debug("PUBACK of message {} not sent ({}); the broker will redeliver it", inbound.messageId(),
                    e.toString());
        }
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

    @Override
    public void publishConfig(String agentId) {
        try {
            // QoS 1 and retained: the broker keeps it for the agent's next subscription, whenever that is. Rare (one
            // per status), so the in-flight window Acks avoid QoS 1 for is not at risk.
            client.publish(Topics.config(agentId), configs.configFor(agentId).toByteArray(), 1, true);
            LOG.debug("Config {} published to agent '{}'", Long.toUnsignedString(configs.version()),
                    Topics.printable(agentId));
        } catch (MqttException | RuntimeException e) {
            LOG.warn("Config to agent '{}' not published ({}); it goes again at the agent's next status",
                    Topics.printable(agentId), e.toString());
        }
    }

    /** Finishes the current batch, stops the worker, disconnects. Uncommitted messages stay unacknowledged. */
    @Override
    public void close() {
        closing = true;
        reconnector.shutdownNow();
        worker.stop();
        try {
            workerThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            while (!queue.offer(inbound, 100, TimeUnit.MILLISECONDS)) {
                if (worker.stopping()) {
                    return;
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Acks are fire-and-forget: an agent that misses one re-sends and is acknowledged again.
        }
    }
}
