package io.pmr.agent.publish;

import io.pmr.model.Topics;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@link Publisher}'s MQTT connection: owns the Paho client and keeps it connected. Connects with its own
 * reconnect loop (jittered exponential backoff; Paho's automatic reconnect is off), with a clean session, the retained
 * last will and, when configured, TLS and credentials; subscribes to the ack and config topics on every connect and
 * gives up on a connection whose SUBACK never comes; tells a refusal no quick retry fixes (credentials, rights,
 * certificates) from a passing failure and retries it slowly, reporting it once; drops a connection whose Paho
 * in-flight window stays full (the broker lost the PUBACKs). Keep-alive pings run on the scheduler.
 *
 * <p>It reports to its {@link Events}: {@link Events#connected()} once the ack subscription is made (on the scheduler),
 * {@link Events#messageArrived} for every message (on Paho's thread).
 *
 * <p>Threading: connects, reconnects and subscribe timeouts run on the scheduler; connect results, lost connections
 * and deliveries arrive on Paho's threads; {@link #publish} and the accessors may be called from any thread.
 * Logs under the {@link Publisher}'s logger, as before this class was split out of it.
 */
final class BrokerConnection {
    /** The publisher's category: operators' log settings for the publisher keep covering its connection. */
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final int MAX_INFLIGHT = 1000;
    private static final long BACKOFF_INITIAL_MILLIS = 100;
    private static final long BACKOFF_MAX_MILLIS = 15_000;
    private static final long SUBSCRIBE_TIMEOUT_MILLIS = 10_000;
    /** Retry period after the broker refused our credentials or TLS failed: no retry can fix it before an operator. */
    static final long REFUSED_RETRY_MILLIS = 60_000;
    private static final long NOT_FULL = Long.MIN_VALUE;

    /** What the publisher does with the connection's news. */
    interface Events {
        /** The connection is up and the ack subscription made; on the scheduler. */
        void connected();

        /** A message arrived on a subscribed topic; on Paho's thread, must not throw. */
        void messageArrived(String topic, MqttMessage message);
    }

    private final PublishConfig config;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final byte[] lastWill;
    private final Events events;
    private final MqttAsyncClient client;
    private final Backoff backoff = new Backoff(BACKOFF_INITIAL_MILLIS, BACKOFF_MAX_MILLIS, new SplittableRandom());
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile long inflightFullSinceNanos = NOT_FULL;
    private final AtomicLong stalledReconnects = new AtomicLong();
    private final AtomicLong subscribeAttempts = new AtomicLong();
    private final javax.net.ssl.SSLSocketFactory socketFactory;
    private final char[] password;
    private final AtomicLong refusedConnects = new AtomicLong();
    private volatile boolean refusalReported;

    /** @param lastWill the serialized status envelope the broker publishes (retained) if we vanish; kept as given */
    BrokerConnection(PublishConfig config, ScheduledExecutorService scheduler, LongSupplier nanoClock, byte[] lastWill,
            Events events) throws MqttException {
        this.config = config;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.lastWill = lastWill;
        this.events = events;
        // Read the secrets now: a missing or unreadable file fails the start, naming the field.
        this.socketFactory = config.security() == null ? null : config.security().socketFactory();
        this.password = config.security() == null ? null : config.security().readPassword();
        // In memory: nothing of Paho's must outlive a connection (see the Publisher's class comment); its file
        // persistence also cost an fsync per publish.
        // Keep-alive pings on the scheduler (its delays run on the monotonic clock): Paho's default TimerPingSender
        // waits on the wall clock, so a step back would hold pings for as long as the step and the broker would drop
        // a quiet agent.
        this.client = new MqttAsyncClient(config.brokerUrl(), config.agentId(), new MemoryPersistence(),
                new ScheduledExecutorPingSender(scheduler));
        client.setCallback(new Callback());
    }

    boolean isConnected() {
        return connected && client.isConnected();
    }

    /** Whether {@link #markClosed()} was called: nothing is connected or scheduled any more. */
    boolean closed() {
        return closed;
    }

    /** Connects the broker refused (credentials, rights or TLS) since start. */
    long refusedConnects() {
        return refusedConnects.get();
    }

    /** Connections dropped on purpose because the broker stopped acknowledging publishes. */
    long stalledReconnects() {
        return stalledReconnects.get();
    }

    /** One QoS 1 publish; throws what Paho throws (not connected, its in-flight window full). */
    void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, 1, retained);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        // Retained, like the birth and the graceful OFFLINE: a new subscriber sees at once who is online.
        options.setWill(config.topic(Topics.Suffix.STATUS), lastWill, 1, true);
        if (socketFactory != null) {
            // One attempt per connect: Paho's default falls back to MQTT 3.1 after a refusal, a second refusal.
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setSocketFactory(socketFactory);
            options.setUserName(config.agentId());
            options.setPassword(password.clone());
        }
        return options;
    }

    /** Connects unless closed, connected or connecting already; on the scheduler. */
    void attemptConnect() {
        if (closed || isConnected() || !connecting.compareAndSet(false, true)) {
            return;
        }
        try {
            client.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribe();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    connectFailed("connect", cause);
                }
            });
        } catch (MqttException | RuntimeException e) {
            connectFailed("connect", e);
        }
    }

    private void subscribe() {
        long attempt = subscribeAttempts.incrementAndGet();
        // A broker that drops the SUBACK (Moquette with a full session queue does) would leave this
        // connection half-open for ever: give up on it after the connect timeout and start again.
        scheduler.schedule(() -> subscribeTimedOut(attempt), SUBSCRIBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        try {
            // The config topic rides on the ack subscription: one SUBSCRIBE, one SUBACK to wait for.
            client.subscribe(new String[] {config.topic(Topics.Suffix.ACK), config.topic(Topics.Suffix.CONFIG)},
                    new int[] {1, 1}, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (attempt != subscribeAttempts.get()) {
                        return; // this attempt already timed out and was abandoned
                    }
                    // Replay reads files: not on Paho's callback thread, which must keep delivering acks.
                    scheduler.execute(() -> onConnected(attempt));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    connectFailed("subscribe to the ack topic", cause);
                    disconnectQuietly();
                }
            });
        } catch (MqttException | RuntimeException e) {
            connectFailed("subscribe to the ack topic", e);
            disconnectQuietly();
        }
    }

    private void subscribeTimedOut(long attempt) {
        if (closed || connected || attempt != subscribeAttempts.get()) {
            return;
        }
        subscribeAttempts.incrementAndGet(); // a late SUBACK of this attempt must not count as connected
        disconnectQuietly();
        connectFailed("subscribe to the ack topic", new java.util.concurrent.TimeoutException(
                "no SUBACK within " + SUBSCRIBE_TIMEOUT_MILLIS + " ms"));
    }

    private void connectFailed(String what, Throwable cause) {
        connecting.set(false);
        if (closed) {
            return;
        }
        String refusal = refusal(cause);
        if (refusal != null) {
            // Reconnecting fast cannot help and would fill the log: say it once, count, retry slowly.
            refusedConnects.incrementAndGet();
            if (!refusalReported) {
                refusalReported = true;
                LOG.error("agent {}: broker {} refused the connection: {}; check the agent's credentials and"
                        + " trust store; retrying every {} s, reported once", config.agentId(), config.brokerUrl(),
                        refusal, REFUSED_RETRY_MILLIS / 1000);
            } else {
                LOG.debug("agent {}: connect to {} refused again ({})", config.agentId(), config.brokerUrl(), refusal);
            }
            scheduleConnect(REFUSED_RETRY_MILLIS);
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.info("agent {}: {} to {} failed ({}); next attempt in {} ms", config.agentId(), what,
                config.brokerUrl(), cause == null ? "no cause" : cause.toString(), delay);
        scheduleConnect(delay);
    }

    /** Why a connect failure is a refusal no quick retry fixes (bad credentials, TLS), or null. */
    private static String refusal(Throwable cause) {
        if (cause instanceof MqttException e) {
            int code = e.getReasonCode();
            if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION) {
                return "bad username or password (MQTT reason code 4)";
            }
            if (code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                return "not authorized (MQTT reason code 5)";
            }
        }
        // Only certificate trouble: a handshake cut short by a restarting broker is worth a quick retry.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof javax.net.ssl.SSLHandshakeException && t.getMessage() != null
                    && t.getMessage().contains("certificate")) {
                return "TLS certificate refused (" + t.getMessage() + ")";
            }
        }
        return null;
    }

    private void scheduleConnect(long delayMillis) {
        try {
            scheduler.schedule(this::attemptConnect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.warn("agent {}: cannot schedule a reconnect: {}", config.agentId(), e.toString());
        }
    }

    private void onConnected(long attempt) {
        if (attempt != subscribeAttempts.get()) {
            return; // abandoned by subscribeTimedOut while this was queued
        }
        connected = true;
        connecting.set(false);
        backoff.reset();
        refusalReported = false;
        events.connected();
    }

    /**
     * Paho's QoS 1 window is full. If no PUBACK frees a slot for two re-send periods, the broker lost them
     * (Moquette drops PUBACKs with the publishes it discards): only a new (clean) connection clears Paho's window,
     * so drop this one; the outbox re-sends what matters after the reconnect.
     */
    void noteInflightFull() {
        long now = nanoClock.getAsLong();
        long since = inflightFullSinceNanos;
        if (since == NOT_FULL) {
            inflightFullSinceNanos = now;
        } else if (now - since > 2 * config.resendAfterNanos()) {
            inflightFullSinceNanos = NOT_FULL;
            stalledReconnects.incrementAndGet();
            LOG.warn("agent {}: no PUBACK from {} for {} ms with Paho's window of {} full: reconnecting to clear it",
                    config.agentId(), config.brokerUrl(), (now - since) / 1_000_000L, MAX_INFLIGHT);
            connected = false;
            disconnectQuietly();
            connecting.set(false);
            scheduleConnect(backoff.nextDelayMillis());
        }
    }

    private void disconnectQuietly() {
        try {
            client.disconnectForcibly(0, 1_000);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("agent {}: forced disconnect: {}", config.agentId(), e.toString());
        }
    }

    /** Stops every reconnect; the publisher calls it first when it closes or abandons, before stopping its sweep. */
    void markClosed() {
        closed = true;
    }

    /**
     * Disconnects gracefully (so the broker does not publish the last will) and releases the client. Waits at most
     * {@code timeout} (at least one second) for the disconnect.
     */
    void close(Duration timeout) {
        connected = false;
        long waitMillis = Math.max(1_000, timeout.toMillis());
        try {
            if (client.isConnected()) {
                // No quiesce: the outbox, not Paho's in-flight window, is what must be delivered.
                client.disconnect(0).waitForCompletion(waitMillis);
            }
        } catch (MqttException e) {
            LOG.warn("agent {}: disconnect: {}", config.agentId(), e.toString());
            disconnectQuietly();
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.warn("agent {}: closing the MQTT client: {}", config.agentId(), e.toString());
        }
    }

    /** Drops the connection without a DISCONNECT (the broker publishes the last will) and releases the client. */
    void abandon() {
        connected = false;
        try {
            client.disconnectForcibly(0, 0, false); // no DISCONNECT packet: the socket just goes, as at a kill -9
        } catch (MqttException | RuntimeException e) {
            LOG.debug("agent {}: dropping an abandoned connection: {}", config.agentId(), e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("agent {}: closing an abandoned client: {}", config.agentId(), e.toString());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            connected = false;
            connecting.set(false);
            if (closed) {
                return;
            }
            long delay = backoff.nextDelayMillis();
            LOG.warn("agent {} lost its connection to {} ({}); reconnecting in {} ms", config.agentId(),
                    config.brokerUrl(), cause == null ? "no cause" : cause.toString(), delay);
            scheduleConnect(delay);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.messageArrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            inflightFullSinceNanos = NOT_FULL; // a slot of Paho's window is free again
            // A PUBACK proves nothing about the collector: only its Ack deletes from the outbox.
        }
    }
}
