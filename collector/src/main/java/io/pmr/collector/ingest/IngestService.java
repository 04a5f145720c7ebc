package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.Store;
import io.pmr.proto.v1.Ack;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * queue holds the callback, which holds the broker); an {@link IngestWorker} thread does the rest. Reconnects by
 * itself when the connection drops and re-subscribes. Messages not yet committed when the connection drops are
 * not acknowledged on the new connection (their ids belong to the old one): the broker redelivers them and the
 * store's unique key makes the second copy a no-op.
 */
public final class IngestService implements AutoCloseable, Responder {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final IngestSettings settings;
    private final MqttAsyncClient client;
    private final BlockingQueue<Inbound> queue;
    private final Counters counters = new Counters();
    private final IngestWorker worker;
    private final Thread workerThread;
    private final AtomicLong generation = new AtomicLong();

    private IngestService(IngestSettings settings, Catalogue catalogue, Store store, Clock clock)
            throws MqttException {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(Math.max(64, settings.batchSize() * 4));
        this.client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        this.worker = new IngestWorker(queue, new EnvelopeValidator(catalogue, settings.maxMessageBytes()), store,
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
        try {
            service.connect();
        } catch (MqttException | RuntimeException e) {
            service.close();
            throw new IllegalStateException("cannot connect to broker " + settings.brokerUrl() + ": " + e, e);
        }
        return service;
    }

    private void connect() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(2_000);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) (CONNECT_TIMEOUT_MILLIS / 1000));
        options.setMaxInflight(1_000);
        if (settings.login() != null) {
            settings.login().applyTo(options);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        client.subscribe(Topics.SUBSCRIPTIONS, subscriptionQos()).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        LOG.info("Ingest connected to {} as {}{}", settings.brokerUrl(), settings.clientId(),
                settings.login() == null ? "" : " (TLS, username " + settings.login().username() + ")");
    }

    private static int[] subscriptionQos() {
        int[] qos = new int[Topics.SUBSCRIPTIONS.length];
        java.util.Arrays.fill(qos, 1);
        return qos;
    }

    private void resubscribe() {
        try {
            client.subscribe(Topics.SUBSCRIPTIONS, subscriptionQos());
        } catch (MqttException e) {
            LOG.error("Subscribing to {} failed: {}", String.join(", ", Topics.SUBSCRIPTIONS), e.toString());
        }
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

    /** Finishes the current batch, stops the worker, disconnects. Uncommitted messages stay unacknowledged. */
    @Override
    public void close() {
        worker.stop();
        try {
            workerThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                // The broker keeps the subscriptions of a cleanSession=false client, unless it lost its state.
                LOG.info("Ingest reconnected to {}", serverUri);
                resubscribe();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            // Message ids of the lost connection must not be acknowledged on the next one.
            generation.incrementAndGet();
            LOG.warn("Ingest lost its connection to {}: {}; reconnecting", settings.brokerUrl(), String.valueOf(cause));
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
