package io.pmr.agent.publish;

import io.pmr.model.Topics;
import io.pmr.mqtt.MqttSession;
import io.pmr.mqtt.SessionSettings;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The {@link Publisher}'s MQTT connection: an {@link MqttSession} set up as an agent needs it. A clean session with
 * the retained last will, the ack topic subscribed on every connection, TLS and credentials (username = the agent id)
 * when configured; reconnects with the session's jittered backoff from 100 ms to 15 s; a refusal no quick retry fixes
 * (credentials, rights, certificates) reported once and retried every {@link #REFUSED_RETRY_MILLIS}; a connection
 * whose in-flight window stays full for two re-send periods dropped and made again (the broker lost the PUBACKs).
 *
 * <p>It reports to its {@link Events}: {@link Events#connected()} once the ack and config subscription is made (on the scheduler),
 * {@link Events#messageArrived} for every message (on Paho's thread).
 *
 * <p>Threading: see {@link MqttSession}; {@link #publish} and the accessors may be called from any thread.
 */
final class BrokerConnection {
    private static final Duration BACKOFF_INITIAL = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(15);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Retry period after the broker refused our credentials or TLS failed: no retry can fix it before an operator. */
    static final long REFUSED_RETRY_MILLIS = 60_000;

    /** What the publisher does with the connection's news. */
    interface Events {
        /** The connection is up and the ack subscription made; on the scheduler. */
        void connected();

        /** A message arrived on a subscribed topic; on Paho's thread, must not throw. */
        void messageArrived(String topic, MqttMessage message);
    }

    private final MqttSession session;
    private volatile boolean closed;

    /**
     * Reads the secrets now: a missing or unreadable file fails the start, naming the field.
     *
     * @param lastWill the serialized status envelope the broker publishes (retained) if we vanish; kept as given
     */
    BrokerConnection(PublishConfig config, ScheduledExecutorService scheduler, LongSupplier nanoClock, byte[] lastWill,
            Events events) {
        SessionSettings settings = SessionSettings.of(config.brokerUrl(), config.agentId())
                // The config topic rides on the ack subscription: one SUBSCRIBE, one SUBACK to wait for.
                .withSubscriptions(List.of(config.topic(Topics.Suffix.ACK), config.topic(Topics.Suffix.CONFIG)))
                // Retained, like the birth and the graceful OFFLINE: a new subscriber sees at once who is online.
                .withWill(new SessionSettings.Will(config.topic(Topics.Suffix.STATUS), lastWill, 1, true))
                .withLogin(config.security() == null ? null : config.security().login(config.agentId()))
                .withHandshakeTimeout(HANDSHAKE_TIMEOUT)
                .withBackoff(BACKOFF_INITIAL, BACKOFF_MAX)
                .withRefusedRetry(Duration.ofMillis(REFUSED_RETRY_MILLIS))
                .withInflightStall(Duration.ofNanos(2 * config.resendAfterNanos()));
        this.session = new MqttSession(settings, scheduler, nanoClock, new MqttSession.Listener() {
            @Override
            public void connected() {
                events.connected();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message, long connection) {
                events.messageArrived(topic, message);
            }
        });
    }

    boolean isConnected() {
        return session.isConnected();
    }

    /** The MQTT session's id of the current connection, or -1 between connections. */
    long connection() {
        return session.connection();
    }

    /** Whether {@link #markClosed()} was called: nothing is connected or scheduled any more. */
    boolean closed() {
        return closed;
    }

    /** Connects the broker refused (credentials, rights or TLS) since start. */
    long refusedConnects() {
        return session.refusedConnects();
    }

    /** Connections dropped on purpose because the broker stopped acknowledging publishes. */
    long stalledReconnects() {
        return session.stalledReconnects();
    }

    /**
     * One QoS 1 publish; throws what Paho throws (not connected, its in-flight window full: a window full for too
     * long drops the connection, see the class comment).
     */
    void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        session.publish(topic, payload, 1, retained);
    }

    /** Starts connecting; on the scheduler. */
    void start() {
        session.start();
    }

    /** Marks the connection closing; the publisher calls it first when it closes or abandons, before its sweep. */
    void markClosed() {
        closed = true;
    }

    /**
     * Stops reconnecting, disconnects gracefully (so the broker does not publish the last will) and releases the
     * client. Waits at most {@code timeout} (at least one second) for the disconnect. No quiesce: the outbox, not
     * Paho's in-flight window, is what must be delivered.
     */
    void close(Duration timeout) {
        closed = true;
        session.close(Duration.ZERO, timeout);
    }

    /** Drops the connection without a DISCONNECT (the broker publishes the last will) and releases the client. */
    void abandon() {
        closed = true;
        session.abandon();
    }
}
