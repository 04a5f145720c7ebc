package io.pmr.agent.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxEntry;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.Envelope;
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
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends the outbox over MQTT (Paho {@link MqttAsyncClient}, QoS 1, cleanSession=true, memory persistence, a last
 * will) and deletes what the collector acknowledges on {@code pmr/v1/{agentId}/ack}.
 *
 * <p>Why a clean session: the outbox, not the broker or Paho, is the record of what is unacknowledged, and it is
 * replayed as new PUBLISHes on every connect. A kept session would only make Paho re-send its in-flight QoS 1
 * publishes with the DUP flag after a reconnect (a trigger of Moquette 0.17's session-loop death, docs/reliability.md)
 * and keep their slots of Paho's in-flight window across connections. With a clean session a new connection starts
 * with an empty window, the ack subscription is made again on every connect (it is anyway), and Acks published while
 * the agent is away are lost, which costs only re-sends (the collector dedups by envelope key and Acks are cumulative).
 *
 * <ul>
 *   <li>Connects with its own reconnect loop (jittered exponential backoff on the scheduler; Paho's
 *       automatic reconnect is off). On each connect: subscribe to the ack topic, publish the birth status
 *       (written to the outbox first), then replay the whole outbox in sequence order. This boot's statuses and the
 *       last will are published retained (docs/architecture.md), so a new subscriber sees who is online.</li>
 *   <li>All publishing happens in one sweep, run on the scheduler periodically, after every write and after
 *       every Ack; a {@link SendWindow} chooses what it publishes (new envelopes as the window opens,
 *       re-sends of what stays unacknowledged, with backoff). A broker's PUBACK proves nothing; only the
 *       collector's Ack does.</li>
 * </ul>
 *
 * <p>Threading: {@link #send} may be called from any thread; acks arrive on Paho's thread; reconnects,
 * replays and sweeps run on the scheduler (real time, read from the {@code nanoClock} given); sweeps are
 * serialized.
 */
public final class Publisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final int MAX_INFLIGHT = 1000;
    private static final long BACKOFF_INITIAL_MILLIS = 100;
    private static final long BACKOFF_MAX_MILLIS = 15_000;

    private final PublishConfig config;
    private final Outbox outbox;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final Supplier<Envelope.Builder> birth;
    private final byte[] lastWill;
    private final MqttAsyncClient client;
    private final Backoff backoff = new Backoff(BACKOFF_INITIAL_MILLIS, BACKOFF_MAX_MILLIS, new SplittableRandom());
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile long birthSequence = -1;
    private volatile ScheduledFuture<?> sweep;
    private final Object sweepLock = new Object();
    private final List<OutboxEntry> due = new java.util.ArrayList<>();
    private final SendWindow window;
    private static final long NOT_FULL = Long.MIN_VALUE;
    private volatile long inflightFullSinceNanos = NOT_FULL;
    private final AtomicLong stalledReconnects = new AtomicLong();
    private final AtomicLong subscribeAttempts = new AtomicLong();
    private static final long SUBSCRIBE_TIMEOUT_MILLIS = 10_000;
    /** Retry period after the broker refused our credentials or TLS failed: no retry can fix it before an operator. */
    static final long REFUSED_RETRY_MILLIS = 60_000;
    private final javax.net.ssl.SSLSocketFactory socketFactory;
    private final char[] password;
    private final AtomicLong refusedConnects = new AtomicLong();
    private volatile boolean refusalReported;

    /**
     * @param birth    builds the birth status body (ONLINE, measures and TRTs); identity is set by the outbox
     * @param lastWill the serialized OFFLINE_UNEXPECTED status envelope the broker publishes (retained) if we vanish
     */
    public Publisher(PublishConfig config, Outbox outbox, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            Supplier<Envelope.Builder> birth, byte[] lastWill) throws MqttException {
        this.config = config;
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.birth = birth;
        this.lastWill = lastWill.clone();
        this.window = new SendWindow(config.resendAfterNanos());
        // Read the secrets now: a missing or unreadable file fails the start, naming the field.
        this.socketFactory = config.security() == null ? null : config.security().socketFactory();
        this.password = config.security() == null ? null : config.security().readPassword();
        // In memory: nothing of Paho's must outlive a connection (see the class comment); its file persistence also
        // cost an fsync per publish.
        // Keep-alive pings on the scheduler (its delays run on the monotonic clock): Paho's default TimerPingSender
        // waits on the wall clock, so a step back would hold pings for as long as the step and the broker would drop
        // a quiet agent.
        this.client = new MqttAsyncClient(config.brokerUrl(), config.agentId(), new MemoryPersistence(),
                new ScheduledExecutorPingSender(scheduler));
        client.setCallback(new Callback());
    }

    /** Starts connecting and the re-send sweep. */
    public void start() {
        long periodMillis = Math.max(20, Math.min(1_000, config.resendAfterNanos() / 2_000_000L));
        sweep = scheduler.scheduleWithFixedDelay(this::sweepSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        scheduler.execute(this::attemptConnect);
    }

    public boolean isConnected() {
        return connected && client.isConnected();
    }

    /** Asks the sweep to publish a freshly written envelope as soon as the window allows. */
    public void send(Outbox.Written written) {
        requestSweep();
    }

    private void requestSweep() {
        if (closed) {
            return;
        }
        try {
            scheduler.execute(this::sweepSafely);
        } catch (RuntimeException e) {
            LOG.debug("agent {}: sweep not scheduled: {}", config.agentId(), e.toString());
        }
    }

    public long publishes() {
        return publishes.get();
    }

    public long resends() {
        return resends.get();
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        // Retained, like the birth and the graceful OFFLINE: a new subscriber sees at once who is online.
        options.setWill(config.topic("status"), lastWill, 1, true);
        if (socketFactory != null) {
            // One attempt per connect: Paho's default falls back to MQTT 3.1 after a refusal, a second refusal.
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setSocketFactory(socketFactory);
            options.setUserName(config.agentId());
            options.setPassword(password.clone());
        }
        return options;
    }

    private void attemptConnect() {
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
            client.subscribe(config.topic("ack"), 1, null, new IMqttActionListener() {
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

    /** Connects the broker refused (credentials, rights or TLS) since start. */
    public long refusedConnects() {
        return refusedConnects.get();
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
        LOG.info("agent {} connected to {}; replaying {} outbox envelopes", config.agentId(), config.brokerUrl(),
                outbox.size());
        synchronized (sweepLock) {
            // After a reconnect everything unacknowledged is due again, oldest first, within the window.
            for (OutboxEntry entry : outbox.entries()) {
                entry.markDue();
            }
            ensureBirth();
        }
        sweepSafely();
    }

    /** Publishes the birth first; at most one unacknowledged birth of this boot sits in the outbox. */
    private long ensureBirth() {
        long existing = birthSequence;
        for (OutboxEntry entry : outbox.entries()) {
            if (entry.sequence() == existing) {
                publishFromFile(entry);
                return existing;
            }
        }
        try {
            Outbox.Written written = outbox.write(birth.get());
            birthSequence = written.entry().sequence();
            publish(written.entry(), written.payload());
            return birthSequence;
        } catch (java.io.IOException e) {
            LOG.error("agent {}: cannot write the birth status to the outbox: {}", config.agentId(), e.toString());
            return -1;
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("agent {}: re-send sweep failed: {}", config.agentId(), e.toString());
        }
    }

    private void sweep() {
        synchronized (sweepLock) {
            if (!isConnected()) {
                return;
            }
            due.clear();
            window.select(outbox.entries(), nanoClock.getAsLong(), due);
            for (OutboxEntry entry : due) {
                if (!publishFromFile(entry)) {
                    return; // not connected any more, or Paho's window is full: the next sweep goes on
                }
            }
        }
    }

    /** The current send window (envelopes published and not yet acknowledged, at most). */
    public int window() {
        return window.size();
    }

    private boolean publishFromFile(OutboxEntry entry) {
        byte[] payload = outbox.read(entry);
        return payload == null || publish(entry, payload);
    }

    /** Publishes {@code publishCopies} times; false when the client refused (not connected, window full). */
    private boolean publish(OutboxEntry entry, byte[] payload) {
        boolean again = entry.publishCount() > 0 || entry.bootEpoch() != outbox.bootEpoch();
        String topic = config.topic(entry.topicSuffix());
        boolean retained = retained(entry);
        outbox.offering(entry); // before the publish: the collector's Ack may come back before publish() returns
        for (int copy = 0; copy < config.publishCopies(); copy++) {
            try {
                client.publish(topic, payload, 1, retained);
                publishes.incrementAndGet();
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                    noteInflightFull();
                }
                if (copy == 0) {
                    LOG.debug("agent {}: publish of {} deferred: {}", config.agentId(), entry, e.getMessage());
                    return false;
                }
                break;
            }
        }
        entry.markPublished(nanoClock.getAsLong());
        if (again) {
            resends.incrementAndGet();
        }
        return true;
    }

    /**
     * Whether an envelope is published retained: this boot's statuses (the birth, the graceful OFFLINE), so the broker
     * keeps the agent's latest state on {@code pmr/v1/{agentId}/status} for new subscribers. A status of an earlier
     * boot re-sent from the outbox (its OFFLINE after the new birth) is not: it must not replace the current state.
     */
    private boolean retained(OutboxEntry entry) {
        return "status".equals(entry.topicSuffix()) && entry.bootEpoch() == outbox.bootEpoch();
    }

    /**
     * Paho's QoS 1 window is full. If no PUBACK frees a slot for two re-send periods, the broker lost them
     * (Moquette drops PUBACKs with the publishes it discards): only a new (clean) connection clears Paho's window,
     * so drop this one; the outbox re-sends what matters after the reconnect.
     */
    private void noteInflightFull() {
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

    /** Connections dropped on purpose because the broker stopped acknowledging publishes. */
    public long stalledReconnects() {
        return stalledReconnects.get();
    }

    private void disconnectQuietly() {
        try {
            client.disconnectForcibly(0, 1_000);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("agent {}: forced disconnect: {}", config.agentId(), e.toString());
        }
    }

    /**
     * Stops the sweep and reconnects, disconnects gracefully (so the broker does not publish the last
     * will) and releases the client. Waits at most {@code timeout} (at least one second) for the disconnect.
     */
    public void close(Duration timeout) {
        closed = true;
        ScheduledFuture<?> s = sweep;
        if (s != null) {
            s.cancel(false);
        }
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

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * For crash tests: drops the connection without a DISCONNECT (the broker publishes the last will, as after a
     * power cut), stops the sweep and reconnects, and releases the client. Nothing more is published.
     */
    public void abandon() {
        closed = true;
        ScheduledFuture<?> s = sweep;
        if (s != null) {
            s.cancel(false);
        }
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
            if (!topic.equals(config.topic("ack"))) {
                return;
            }
            try {
                Ack ack = Ack.parseFrom(message.getPayload());
                if (!config.agentId().equals(ack.getAgentId())) {
                    LOG.warn("agent {}: ignored an Ack for agent '{}' on {}", config.agentId(), ack.getAgentId(), topic);
                    return;
                }
                int acked = outbox.acknowledge(ack.getRangesList(), topic);
                if (acked > 0) {
                    window.acknowledged(acked);
                    requestSweep(); // the window opened
                }
            } catch (RuntimeException e) {
                // Throwing here would make Paho drop the connection; a bad ack must not do that.
                LOG.warn("agent {}: could not apply an Ack on {}: {}", config.agentId(), topic, e.toString());
            } catch (InvalidProtocolBufferException e) {
                LOG.warn("agent {}: ignored an unparsable Ack of {} bytes on {}: {}", config.agentId(),
                        message.getPayload().length, topic, e.getMessage());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            inflightFullSinceNanos = NOT_FULL; // a slot of Paho's window is free again
            // A PUBACK proves nothing about the collector: only its Ack deletes from the outbox.
        }
    }
}
