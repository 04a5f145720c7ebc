package io.pmr.mqtt;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link MqttSession} is: where it connects, as whom, what it subscribes to, how it reconnects. Immutable and
 * validated when built; messages name the field. MQTT 3.1.1 only (Paho's fallback to 3.1 would turn one refusal into
 * two); Paho's own automatic reconnect is never used (the session reconnects itself, see its class comment).
 *
 * @param brokerUrl            {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId             the MQTT client id
 * @param cleanSession         MQTT clean session: false keeps the broker's session (and queued messages) across
 *                             connections
 * @param manualAcks           whether the client acknowledges QoS 1 deliveries itself ({@link MqttSession#complete})
 *                             instead of when the listener returns
 * @param subscriptions        topic filters subscribed QoS 1 on every connection (may be empty)
 * @param will                 the last will, or null
 * @param login                TLS and credentials, or null for a plain, anonymous connection (then a {@code tcp://}
 *                             URL); with a login the URL must be {@code ssl://}
 * @param maxInflight          Paho's window of unacknowledged QoS 1 publishes
 * @param keepAliveSeconds     MQTT keep-alive, at least 1
 * @param handshakeTimeout     bound on one attempt from TCP connect to the last SUBACK; a broker that accepts the
 *                             socket but never answers, or drops a SUBACK, costs at most this
 * @param backoffInitial       first reconnect delay (jittered, see {@link Backoff})
 * @param backoffMax           largest reconnect delay
 * @param refusedRetry         delay before retrying after a {@linkplain ConnectFailure#permanent() permanent} refusal
 * @param inflightStall        a connection whose in-flight window stays full this long without a single PUBACK is
 *                             dropped and made again (clearing Paho's window); {@link Duration#ZERO} never drops
 * @param startAttempts        passing failures after which {@link MqttSession#firstConnection()} fails (a
 *                             permanent refusal fails it at once); the session goes on retrying unless closed
 */
public record SessionSettings(String brokerUrl, String clientId, boolean cleanSession, boolean manualAcks,
        List<String> subscriptions, Will will, ClientLogin login, int maxInflight, int keepAliveSeconds,
        Duration handshakeTimeout, Duration backoffInitial, Duration backoffMax, Duration refusedRetry,
        Duration inflightStall, int startAttempts) {

    /**
     * A last will: published by the broker if the connection goes without a DISCONNECT.
     *
     * @param payload kept as given (copied)
     */
    public record Will(String topic, byte[] payload, int qos, boolean retained) {
        public Will {
            if (topic == null || topic.isEmpty()) {
                throw new IllegalArgumentException("will.topic must be set");
            }
            if (payload == null) {
                throw new IllegalArgumentException("will.payload must be set");
            }
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("will.qos must be 0, 1 or 2, was " + qos);
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    public SessionSettings {
        BrokerUrls.check("brokerUrl", brokerUrl);
        if (login != null && !brokerUrl.startsWith("ssl://")) {
            throw new IllegalArgumentException("brokerUrl must start with ssl:// when a login is set, was "
                    + brokerUrl);
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must be set");
        }
        subscriptions = List.copyOf(subscriptions == null ? List.of() : subscriptions);
        if (maxInflight < 1) {
            throw new IllegalArgumentException("maxInflight must be >= 1, was " + maxInflight);
        }
        if (keepAliveSeconds < 1) {
            throw new IllegalArgumentException("keepAliveSeconds must be >= 1, was " + keepAliveSeconds);
        }
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(backoffInitial, "backoffInitial");
        requirePositive(backoffMax, "backoffMax");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax must be >= backoffInitial (" + backoffInitial + "), was "
                    + backoffMax);
        }
        requirePositive(refusedRetry, "refusedRetry");
        if (inflightStall == null || inflightStall.isNegative()) {
            throw new IllegalArgumentException("inflightStall must be >= 0, was " + inflightStall);
        }
        if (startAttempts < 1) {
            throw new IllegalArgumentException("startAttempts must be >= 1, was " + startAttempts);
        }
    }

    /**
     * Defaults for everything but the identity: a clean session, automatic acks, no subscription, will or login;
     * a window of 1,000; keep-alive 30 s; 10 s per handshake; backoff from 100 ms to 15 s; a minute after a refusal;
     * no stall detection; 3 attempts at start.
     */
    public static SessionSettings of(String brokerUrl, String clientId) {
        return new SessionSettings(brokerUrl, clientId, true, false, List.of(), null, null, 1_000, 30,
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ofMinutes(1),
                Duration.ZERO, 3);
    }

    public SessionSettings withCleanSession(boolean value) {
        return new SessionSettings(brokerUrl, clientId, value, manualAcks, subscriptions, will, login, maxInflight,
                keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry, inflightStall,
                startAttempts);
    }

    public SessionSettings withManualAcks(boolean value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, value, subscriptions, will, login, maxInflight,
                keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry, inflightStall,
                startAttempts);
    }

    public SessionSettings withSubscriptions(List<String> value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, value, will, login, maxInflight,
                keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry, inflightStall,
                startAttempts);
    }

    public SessionSettings withWill(Will value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, value, login,
                maxInflight, keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry,
                inflightStall, startAttempts);
    }

    public SessionSettings withLogin(ClientLogin value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, will, value,
                maxInflight, keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry,
                inflightStall, startAttempts);
    }

    public SessionSettings withHandshakeTimeout(Duration value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, will, login,
                maxInflight, keepAliveSeconds, value, backoffInitial, backoffMax, refusedRetry, inflightStall,
                startAttempts);
    }

    public SessionSettings withBackoff(Duration initial, Duration max) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, will, login,
                maxInflight, keepAliveSeconds, handshakeTimeout, initial, max, refusedRetry, inflightStall,
                startAttempts);
    }

    public SessionSettings withRefusedRetry(Duration value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, will, login,
                maxInflight, keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, value, inflightStall,
                startAttempts);
    }

    public SessionSettings withInflightStall(Duration value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, will, login,
                maxInflight, keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry, value,
                startAttempts);
    }

    public SessionSettings withStartAttempts(int value) {
        return new SessionSettings(brokerUrl, clientId, cleanSession, manualAcks, subscriptions, will, login,
                maxInflight, keepAliveSeconds, handshakeTimeout, backoffInitial, backoffMax, refusedRetry,
                inflightStall, value);
    }

    private static void requirePositive(Duration value, String field) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
