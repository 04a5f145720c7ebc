package io.pmr.agent.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxEntry;
import io.pmr.model.Topics;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends the outbox over MQTT (Paho's {@code MqttAsyncClient}, QoS 1, cleanSession=true, memory persistence, a last
 * will) and deletes what the collector acknowledges on {@code pmr/v1/{agentId}/ack}.
 *
 * <p>Why a clean session: the outbox, not the broker or Paho, is the record of what is unacknowledged, and it is
 * replayed as new PUBLISHes on every connect. A kept session would only make Paho re-send its in-flight QoS 1
 * publishes with the DUP flag after a reconnect (a trigger of the embedded broker's session-loop death,
 * docs/reliability.md)
 * and keep their slots of Paho's in-flight window across connections. With a clean session a new connection starts
 * with an empty window, the ack subscription is made again on every connect (it is anyway), and Acks published while
 * the agent is away are lost, which costs only re-sends (the collector dedups by envelope key and Acks are cumulative).
 *
 * <ul>
 *   <li>Connects through an {@link io.pmr.mqtt.MqttSession} (jittered exponential backoff on the scheduler; Paho's
 *       automatic reconnect is off). On each connect: subscribe to the ack topic, publish the birth status
 *       (written to the outbox first), then replay the whole outbox in sequence order. This boot's statuses and the
 *       last will are published retained (docs/architecture.md), so a new subscriber sees who is online.</li>
 *   <li>All publishing happens in one sweep, run on the scheduler periodically, after every write and after
 *       every Ack; a {@link SendWindow} chooses what it publishes (new envelopes as the window opens,
 *       re-sends of what stays unacknowledged, with backoff). A broker's PUBACK proves nothing; only the
 *       collector's Ack does.</li>
 * </ul>
 *
 * <p>The connection itself (connects, reconnects, refusals, the last will, keep-alive pings) is a
 * {@link BrokerConnection}, and what arrives on its subscriptions is routed by an {@link InboundRouter}; this class
 * is the send window, the sweep and the acks.
 *
 * <p>Send state: what is in flight, when each envelope was last published and how often ({@link SendState}), the
 * window ({@link SendWindow}) and which Ack ranges to believe ({@link AckTrust}) live here, under one sweep lock; the
 * {@link Outbox} is only the durable log.
 *
 * <p>Threading: {@link #send} may be called from any thread; reconnects, replays and sweeps run on the scheduler
 * (real time, read from the {@code nanoClock} given); sweeps are serialized. Acks arrive on Paho's thread and are
 * handed off ({@link AckHandoff}) to the owner's thread of control, which applies them with {@link #applyAck};
 * without a handoff they are applied on Paho's thread.
 */
public final class Publisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final PublishConfig config;
    private final Outbox outbox;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final Supplier<Envelope.Builder> birth;
    private final BrokerConnection connection;
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private volatile long birthSequence = -1;
    private volatile ScheduledFuture<?> sweep;
    private final Object sweepLock = new Object();
    private final List<OutboxEntry> due = new java.util.ArrayList<>();
    private final SendWindow window;
    private final SendState sent = new SendState();
    private final AckTrust trust;

    /** Takes an Ack's payload off Paho's thread to the thread that applies it ({@link #applyAck}); must not block. */
    @FunctionalInterface
    public interface AckHandoff {
        void ackArrived(String topic, byte[] payload);
    }

    /**
     * As the full constructor, applying Acks on Paho's thread (a sender with no thread of control of its own) and
     * ignoring configs.
     */
    public Publisher(PublishConfig config, Outbox outbox, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            Supplier<Envelope.Builder> birth, byte[] lastWill) throws MqttException {
        this(config, outbox, scheduler, nanoClock, birth, lastWill, null, ConfigListener.NONE);
    }

    /**
     * @param birth          builds the birth status body (ONLINE, measures and TRTs); identity is set by the outbox
     * @param lastWill       the serialized OFFLINE_UNEXPECTED status envelope the broker publishes (retained) if we
     *                       vanish
     * @param ackHandoff     where Acks go from Paho's thread, or null to apply them there
     * @param configListener told of every message on the agent's config topic (Paho's thread)
     * @throws MqttException not at present (the session makes its clients when it connects)
     */
    public Publisher(PublishConfig config, Outbox outbox, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            Supplier<Envelope.Builder> birth, byte[] lastWill, AckHandoff ackHandoff, ConfigListener configListener)
            throws MqttException {
        this.config = config;
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.birth = birth;
        this.window = new SendWindow(config.resendAfterNanos());
        this.trust = new AckTrust(config.agentId(), outbox.bootEpoch(), sent);
        InboundRouter inbound = new InboundRouter(config.agentId(), config.topic(Topics.Suffix.CONFIG),
                config.topic(Topics.Suffix.ACK), configListener, ackHandoff, this::applyAck);
        this.connection = new BrokerConnection(config, scheduler, nanoClock, lastWill.clone(),
                new BrokerConnection.Events() {
                    @Override
                    public void connected() {
                        onConnected();
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        inbound.messageArrived(topic, message.getPayload());
                    }
                });
    }


    /** Starts connecting and the re-send sweep. */
    public void start() {
        long periodMillis = Math.max(20, Math.min(1_000, config.resendAfterNanos() / 2_000_000L));
        sweep = scheduler.scheduleWithFixedDelay(this::sweepSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        connection.start();
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Asks the sweep to publish a freshly written envelope as soon as the window allows. Any thread. */
    public void send(Outbox.Written written) {
        requestSweep();
    }

    private void requestSweep() {
        if (connection.closed()) {
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

    /** Connects the broker refused (credentials, rights or TLS) since start. */
    public long refusedConnects() {
        return connection.refusedConnects();
    }

    /** Connections dropped on purpose because the broker stopped acknowledging publishes. */
    public long stalledReconnects() {
        return connection.stalledReconnects();
    }

    /** On the scheduler, once connected and subscribed: replays the outbox, the birth first. */
    private void onConnected() {
        LOG.info("agent {} connected to {}; replaying {} outbox envelopes", config.agentId(), config.brokerUrl(),
                outbox.size());
        synchronized (sweepLock) {
            // After a reconnect everything unacknowledged is due again, oldest first, within the window; what a sweep
            // already published on this connection before this callback ran is in its flight and stays as it is.
            sent.allDueBut(connection.connection());
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
            // A status is always written (never Full).
            Outbox.Written written = (Outbox.Written) outbox.write(birth.get());
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
            window.select(outbox.entries(), sent, nanoClock.getAsLong(), due);
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
        boolean again = sent.publishCount(entry) > 0 || entry.bootEpoch() != outbox.bootEpoch();
        String topic = config.topic(topicSuffix(entry.body()));
        boolean retained = retained(entry);
        trust.offered(entry); // before the publish: the collector's Ack may come back before publish() returns
        long onConnection = connection.connection();
        for (int copy = 0; copy < config.publishCopies(); copy++) {
            try {
                connection.publish(topic, payload, retained);
                publishes.incrementAndGet();
            } catch (MqttException e) {
                if (copy == 0) {
                    LOG.debug("agent {}: publish of {} deferred: {}", config.agentId(), entry, e.getMessage());
                    return false;
                }
                break;
            }
        }
        sent.published(entry, nanoClock.getAsLong(), onConnection);
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
        return entry.body() == Envelope.BodyCase.STATUS && entry.bootEpoch() == outbox.bootEpoch();
    }

    /** The last level of the topic an envelope with this body is published under. */
    static String topicSuffix(Envelope.BodyCase body) {
        return switch (body) {
            case STATUS -> Topics.Suffix.STATUS.level();
            case INTERVALS -> Topics.Suffix.INTERVALS.level();
            case EVENTS -> Topics.Suffix.EVENTS.level();
            case BODY_NOT_SET -> throw new IllegalArgumentException("an envelope without a body has no topic");
        };
    }

    /**
     * Stops the sweep and reconnects, disconnects gracefully (so the broker does not publish the last
     * will) and releases the client. Waits at most {@code timeout} (at least one second) for the disconnect.
     */
    public void close(Duration timeout) {
        connection.markClosed();
        ScheduledFuture<?> s = sweep;
        if (s != null) {
            s.cancel(false);
        }
        connection.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * Gives the connection up as a power cut would: drops it without a DISCONNECT (the broker publishes the last will),
     * stops the sweep and reconnects, and releases the client. Nothing more is published. The agent's stop-as-crashed
     * path calls it; a graceful stop uses {@link #close()}.
     */
    public void abandon() {
        connection.markClosed();
        ScheduledFuture<?> s = sweep;
        if (s != null) {
            s.cancel(false);
        }
        connection.abandon();
    }

    /**
     * Applies an Ack that arrived on {@code topic}: deletes from the outbox what it acknowledges among what this run
     * published ({@link AckTrust}; ranges no collector can have sent are counted and logged), opens the window and
     * asks for a sweep. A bad Ack is logged and changes nothing. Called on the owner's thread of control (or Paho's,
     * without a handoff); serialized with the sweep.
     *
     * @return how many envelopes were deleted
     */
    public int applyAck(String topic, byte[] payload) {
        try {
            Ack ack = Ack.parseFrom(payload);
            if (!config.agentId().equals(ack.getAgentId())) {
                LOG.warn("agent {}: ignored an Ack for agent '{}' on {}", config.agentId(), ack.getAgentId(), topic);
                return 0;
            }
            int acked;
            synchronized (sweepLock) {
                List<OutboxEntry> deletable = new java.util.ArrayList<>();
                for (AckedRange range : ack.getRangesList()) {
                    deletable.addAll(trust.deletable(range, outbox, topic));
                }
                acked = deletable.isEmpty() ? 0 : outbox.remove(deletable);
                if (acked > 0) {
                    sent.forget(deletable);
                    window.acknowledged(acked);
                }
            }
            if (acked > 0) {
                requestSweep(); // the window opened
            }
            return acked;
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("agent {}: ignored an unparsable Ack of {} bytes on {}: {}", config.agentId(), payload.length,
                    topic, e.getMessage());
            return 0;
        }
    }

    /** Ack ranges ignored because no collector can have sent them (see {@link AckTrust}). Any thread. */
    public long ackRangesIgnored() {
        synchronized (sweepLock) {
            return trust.ignored();
        }
    }
}
