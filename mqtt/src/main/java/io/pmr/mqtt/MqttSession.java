package io.pmr.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client connection kept up for as long as it is wanted: the one way agent and collector talk MQTT.
 *
 * <ul>
 *   <li><b>Attempts.</b> Each connection attempt uses a NEW Paho client (in-memory persistence: nothing of Paho's
 *       outlives a connection, no half-finished connect is left behind) and is bounded end to end, TCP connect to
 *       the last SUBACK, by {@link SessionSettings#handshakeTimeout()}: a broker that accepts the socket but never
 *       answers, or drops a SUBACK (any broker may, under load), costs one timeout, then a new attempt. The
 *       subscriptions are made on every connection. A SUBACK refusing a topic fails the attempt.</li>
 *   <li><b>Reconnects.</b> After a failed attempt or a lost connection the next attempt waits for the {@link Backoff}
 *       (reset by a successful connection). A {@linkplain ConnectFailure#permanent() permanent} refusal (credentials,
 *       rights, certificates) is logged once at ERROR, counted ({@link #refusedConnects()}), and retried only every
 *       {@link SessionSettings#refusedRetry()}. Paho's own automatic reconnect is off.</li>
 *   <li><b>Stalls.</b> With {@link SessionSettings#inflightStall()} set, a connection whose in-flight window stays
 *       full that long without one PUBACK (the broker lost them) is dropped and made again: only a new connection
 *       clears Paho's window.</li>
 *   <li><b>Sockets</b> buffer their input ({@link BufferedSockets}); with manual acks (the collector's ingest client,
 *       which acknowledges bursts of deliveries) a plain socket writes the PUBACKs pending together
 *       ({@link AckCoalescingStreams}); keep-alive pings run on the scheduler, whose
 *       delays follow the monotonic clock (Paho's default timer follows the wall clock, and a step back would hold
 *       pings until the broker drops a quiet client).</li>
 * </ul>
 *
 * <p>Every delivery reaches the one {@link Listener} through the client's callback, with the topic the message was
 * published on, whichever filter matched: so shared subscriptions ({@code $share/GROUP/filter}), which Paho v3 never
 * matches to a per-subscription listener, are delivered like any other (SharedSubscriptionMosquittoTest).
 *
 * <p>Each connection has an id ({@link #connection()}); a message delivered on one is acknowledged
 * ({@link #complete}) only on the same one, since its MQTT message id means nothing on the next.
 *
 * <p>Threading: attempts, timeouts and {@link Listener#connected()} run on the scheduler given; deliveries and lost
 * connections arrive on Paho's threads; every public method may be called from any thread. Logs name the client id.
 */
public final class MqttSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);
    private static final int SUBACK_REFUSED = 0x80;

    /** What the session's owner does with its news. */
    public interface Listener {
        /** The connection is up and every subscription granted; on the scheduler. */
        default void connected() {
        }

        /**
         * A message arrived on connection {@code connection}; on Paho's thread. Throwing drops the connection (the
         * broker redelivers what was not acknowledged).
         */
        void messageArrived(String topic, MqttMessage message, long connection) throws Exception;
    }

    private final SessionSettings settings;
    private final ScheduledExecutorService scheduler;
    private final InflightStall stall;
    private final Listener listener;
    private final SocketFactory socketFactory;
    private final RetryPolicy retry;
    private final Object lock = new Object();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong stalledReconnects = new AtomicLong();
    /** The attempt or connection in hand, null between them; written under {@code lock}. */
    private volatile Attempt current;
    private volatile boolean closed;
    private long attemptIds; // under lock

    /**
     * Builds the session; nothing connects before {@link #start()}. The socket factory is made here, once.
     *
     * @param scheduler runs attempts, timeouts, keep-alive pings and {@link Listener#connected()}; the caller's
     * @param nanoClock monotonic nanoseconds, for the stall detection
     */
    public MqttSession(SessionSettings settings, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            Listener listener) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.stall = new InflightStall(settings.inflightStall().toNanos(), nanoClock);
        this.listener = listener;
        this.socketFactory = BufferedSockets.forUrl(settings.brokerUrl(),
                settings.login() == null ? null : settings.login().socketFactory(), settings.manualAcks());
        this.retry = new RetryPolicy(settings);
    }

    /** Starts connecting (on the scheduler). */
    public void start() {
        scheduleAttempt(0);
    }

    /**
     * Completes when the first connection is made; fails with a {@link ConnectFailedException} at the first
     * permanent refusal or after {@link SessionSettings#startAttempts()} passing failures in a row, or when closed.
     * The session keeps retrying either way until closed.
     */
    public CompletableFuture<Void> firstConnection() {
        return retry.firstConnection();
    }

    /** Connected, with every subscription granted. */
    public boolean isConnected() {
        Attempt a = current;
        return a != null && a.established && a.client.isConnected();
    }

    /** The id of the current connection (or attempt), or -1 between them. */
    public long connection() {
        Attempt a = current;
        return a == null ? -1 : a.id;
    }

    /** Connections made since start. */
    public long connects() {
        return connects.get();
    }

    /** Attempts refused permanently (credentials, rights, certificates) since start. */
    public long refusedConnects() {
        return retry.refused();
    }

    /** Connections dropped on purpose because their in-flight window stayed full. */
    public long stalledReconnects() {
        return stalledReconnects.get();
    }

    /** Why the last attempt failed, or null if none did. */
    public ConnectFailure lastFailure() {
        return retry.lastFailure();
    }

    /** One publish on the current connection; throws what Paho throws (not connected, its in-flight window full). */
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        Attempt a = current;
        if (a == null) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        try {
            a.client.publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                noteInflightFull(a);
            }
            throw e;
        }
    }

    /**
     * With manual acks: acknowledges delivery {@code messageId} of connection {@code connection} to the broker.
     * False (nothing sent) when that connection is gone or the message was QoS 0; the broker then redelivers it.
     */
    public boolean complete(int messageId, int qos, long connection) throws MqttException {
        Attempt a = current;
        if (qos == 0 || a == null || a.id != connection) {
            return false;
        }
        a.client.messageArrivedComplete(messageId, qos);
        return true;
    }

    private void scheduleAttempt(long delayMillis) {
        try {
            scheduler.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("MQTT client {}: no reconnect, the scheduler is shut down", settings.clientId());
        }
    }

    private void attempt() {
        Attempt attempt;
        synchronized (lock) {
            if (closed || current != null) {
                return;
            }
            try {
                attempt = new Attempt(++attemptIds, new MqttAsyncClient(settings.brokerUrl(), settings.clientId(),
                        new MemoryPersistence(), new ScheduledExecutorPingSender(scheduler)), settings.clientId());
            } catch (MqttException | RuntimeException e) {
                LOG.error("MQTT client {}: cannot create a client for {}: {}", settings.clientId(),
                        settings.brokerUrl(), e.toString());
                retry.abandoned("cannot create a client for " + settings.brokerUrl() + ": " + e, e);
                scheduleAttempt(settings.refusedRetry().toMillis());
                return;
            }
            current = attempt;
        }
        attempt.client.setManualAcks(settings.manualAcks());
        attempt.client.setCallback(new AttemptCallback(this, attempt));
        long timeoutMillis = settings.handshakeTimeout().toMillis();
        try {
            attempt.timeout = scheduler.schedule(() -> timedOut(attempt), timeoutMillis, TimeUnit.MILLISECONDS);
            attempt.client.connect(Attempt.options(settings, socketFactory), null,
                    AttemptCallback.action(this, attempt, token -> subscribe(attempt)));
        } catch (MqttException | RuntimeException e) {
            failed(attempt, e);
        }
    }

    private void subscribe(Attempt attempt) {
        int count = settings.subscriptions().size();
        if (count == 0) {
            established(attempt);
            return;
        }
        int[] qos = new int[count];
        java.util.Arrays.fill(qos, 1);
        try {
            attempt.client.subscribe(settings.subscriptions().toArray(new String[0]), qos, null,
                    AttemptCallback.action(this, attempt, token -> {
                int[] granted = token.getGrantedQos();
                if (granted != null && java.util.Arrays.stream(granted).anyMatch(g -> g == SUBACK_REFUSED)) {
                    failed(attempt, new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
                } else {
                    established(attempt);
                }
            }));
        } catch (MqttException | RuntimeException e) {
            failed(attempt, e);
        }
    }

    private void established(Attempt attempt) {
        synchronized (lock) {
            if (attempt != current || closed) {
                return;
            }
            attempt.established = true;
        }
        attempt.cancelTimeout();
        stall.cleared();
        connects.incrementAndGet();
        LOG.info("MQTT client {} connected to {} (connection {})", settings.clientId(), settings.brokerUrl(),
                attempt.id);
        retry.connected();
        try {
            // Not on Paho's thread: the listener may read files, and Paho's thread must keep delivering.
            scheduler.execute(() -> {
                if (attempt == current) {
                    listener.connected();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("MQTT client {}: connected while its scheduler shut down", settings.clientId());
        }
    }

    private void timedOut(Attempt attempt) {
        if (attempt == current && !attempt.established) {
            failed(attempt, new TimeoutException("no CONNACK or SUBACK within "
                    + settings.handshakeTimeout().toMillis() + " ms"));
        }
    }

    /** The attempt failed (on any thread); ignored unless it is the current one. */
    void failed(Attempt attempt, Throwable cause) {
        synchronized (lock) {
            if (attempt != current) {
                return; // already abandoned (timed out, lost, closed)
            }
            current = null;
            if (closed) {
                return;
            }
        }
        dispose(attempt);
        scheduleAttempt(retry.failed(ConnectFailure.of(cause), cause));
    }

    /** The established connection of {@code attempt} dropped; ignored unless it is the current one. */
    void lost(Attempt attempt, String why) {
        synchronized (lock) {
            if (attempt != current) {
                return;
            }
            current = null;
        }
        dispose(attempt);
        if (closed) {
            return;
        }
        long delay = retry.lost();
        LOG.warn("MQTT client {} lost its connection to {} ({}); reconnecting in {} ms", settings.clientId(),
                settings.brokerUrl(), why, delay);
        scheduleAttempt(delay);
    }

    private void noteInflightFull(Attempt attempt) {
        long fullNanos = stall.full();
        if (fullNanos >= 0) {
            stalledReconnects.incrementAndGet();
            lost(attempt, "no PUBACK for " + fullNanos / 1_000_000L + " ms with the in-flight window of "
                    + settings.maxInflight() + " full: dropped to clear it");
        }
    }

    void messageArrived(String topic, MqttMessage message, long connection) throws Exception {
        listener.messageArrived(topic, message, connection);
    }

    void pubackArrived() {
        stall.cleared(); // a slot of the in-flight window is free again
    }

    /** Releases an abandoned attempt's client, off Paho's threads (closing a client from its own callback hangs). */
    private void dispose(Attempt attempt) {
        attempt.cancelTimeout();
        try {
            scheduler.execute(attempt::closeQuietly);
        } catch (RejectedExecutionException e) {
            attempt.closeQuietly();
        }
    }

    private Attempt closeAttempts() {
        Attempt a;
        synchronized (lock) {
            closed = true;
            a = current;
            current = null;
        }
        retry.abandoned("closed", null);
        return a;
    }

    /**
     * Stops reconnecting, disconnects gracefully (the broker does not publish the last will) and releases the client.
     * Paho may finish in-flight work for up to {@code quiesce}; waits at most {@code timeout} (at least one second)
     * for the DISCONNECT.
     */
    public void close(Duration quiesce, Duration timeout) {
        Attempt a = closeAttempts();
        if (a != null) {
            a.disconnect(quiesce, timeout);
        }
    }

    /** {@link #close(Duration, Duration)} without quiesce, waiting up to 5 s. */
    @Override
    public void close() {
        close(Duration.ZERO, Duration.ofSeconds(5));
    }

    /** Stops reconnecting and drops the connection without a DISCONNECT (the broker publishes the last will). */
    public void abandon() {
        Attempt a = closeAttempts();
        if (a != null) {
            a.drop();
        }
    }
}
