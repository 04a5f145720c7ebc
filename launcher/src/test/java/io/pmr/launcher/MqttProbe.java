package io.pmr.launcher;

import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.MeasureSource;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.SSLSocketFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-driven MQTT client for security and fault tests, over TLS or plain TCP ({@code tls} null): connects as anyone,
 * publishes anything, collects Acks and Envelopes.
 */
final class MqttProbe implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 10_000;
    private final MqttAsyncClient client;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();

    private MqttProbe(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects (username and password may be null); throws the broker's refusal as an MqttException. */
    static MqttProbe connect(String url, SSLSocketFactory tls, String clientId, String username, String password)
            throws MqttException {
        // A loaded machine (a TLS handshake with a busy collector) can take longer than one attempt's wait: passing
        // failures are tried again for a while; a refusal (bad login, not authorised) is the answer at once.
        long deadline = System.nanoTime() + 6 * TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            try {
                return connectOnce(url, tls, clientId, username, password);
            } catch (MqttException e) {
                int code = e.getReasonCode();
                boolean refused = code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                        || code == MqttException.REASON_CODE_NOT_AUTHORIZED
                        || code == MqttException.REASON_CODE_INVALID_CLIENT_ID;
                if (refused || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    private static MqttProbe connectOnce(String url, SSLSocketFactory tls, String clientId, String username,
            String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        // As agents do: Moquette 0.17 drops a clean session that takes over an agent's persistent one.
        options.setCleanSession(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(5);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options).waitForCompletion(TIMEOUT_MILLIS);
        } catch (MqttException e) {
            // A connect still in progress (timed out here) must be stopped before the client can be closed.
            try {
                client.disconnectForcibly(0, 1_000);
            } catch (MqttException ignored) {
                // not connected: nothing to stop
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // the original failure is what the caller needs
            }
            throw e;
        }
        return new MqttProbe(client);
    }

    /** Subscribes to an agent's ack topic; returns the granted QoS (0x80: refused). */
    int subscribeAcks(String agentId) throws MqttException {
        IMqttToken token = client.subscribe("pmr/v1/" + agentId + "/ack", 1, null, null,
                (topic, message) -> acks.add(Ack.parseFrom(message.getPayload())));
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token.getGrantedQos()[0];
    }

    /** Publishes at QoS 1 without waiting for a PUBACK (a broker may drop a denied publish without one). */
    void publish(String topic, Envelope envelope) throws MqttException {
        client.publish(topic, envelope.toByteArray(), 1, false);
    }

    /** Publishes these bytes at QoS 1 without waiting for a PUBACK (a broker may drop a denied publish without one). */
    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    /** Subscribes to {@code filter}, each message's payload parsed as an Envelope into {@code into}; the granted QoS. */
    int subscribeEnvelopes(String filter, List<Envelope> into) throws MqttException {
        IMqttToken token = client.subscribe(filter, 1, null, null,
                (topic, message) -> into.add(Envelope.parseFrom(message.getPayload())));
        token.waitForCompletion(TIMEOUT_MILLIS);
        return token.getGrantedQos()[0];
    }

    /** Publishes at QoS 0 and disconnects (Paho sends both in order); a broker closing on us is fine. */
    void publishThenDisconnect(String topic, Envelope envelope) {
        try {
            client.publish(topic, envelope.toByteArray(), 0, false).waitForCompletion(TIMEOUT_MILLIS);
            client.disconnect(TIMEOUT_MILLIS).waitForCompletion(TIMEOUT_MILLIS);
        } catch (MqttException e) {
            // The broker dropped the connection: what Mosquitto does to a client publishing against its ACL.
        }
    }

    List<Ack> acks() {
        return acks;
    }

    boolean acked(String agentId, long bootEpoch, long sequence) {
        return acks.stream().filter(a -> a.getAgentId().equals(agentId)).flatMap(a -> a.getRangesList().stream())
                .anyMatch(r -> r.getBootEpoch() == bootEpoch && r.getFirstSequence() <= sequence
                        && sequence <= r.getLastSequence());
    }

    /** A minimal valid birth status of {@code agentId} naming one classic measure. */
    static Envelope status(String agentId, long bootEpoch, long sequence) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(bootEpoch).setSequence(sequence)
                .setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE).setRegion("north")
                        .addMeasures(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.3").setTrtMillis(25_000)))
                .build();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(0, 1_000);
        }
        client.close(true);
    }
}
