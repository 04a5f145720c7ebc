package io.pmr.collector;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plays the agent in tests: publishes hand-built envelopes (or any bytes) with QoS 1 and collects every {@link Ack}
 * the collector publishes on {@code pmr/v1/+/ack}.
 */
final class TestAgent implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 10_000;
    private MqttAsyncClient client;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final Set<EnvelopeKey> acked = ConcurrentHashMap.newKeySet();
    private final List<String> ackTopics = new CopyOnWriteArrayList<>();
    private final List<Boolean> committedWhenAcked = new CopyOnWriteArrayList<>();

    /**
     * @param committed evaluated on the callback thread when an Ack arrives, with every key acknowledged so far:
     *                  whether the store already holds them (the Ack must follow the commit)
     */
    TestAgent(String brokerUrl, Predicate<Set<EnvelopeKey>> committed) throws MqttException {
        // Moquette 0.17 marks a connection connected only once its CONNACK write has completed; a SUBSCRIBE read
        // before that (a loaded machine) makes it drop the connection ("SUBSCRIBE received on already closed
        // connection"). The product's ingest and agents reconnect; this test client tries again with a new client.
        MqttException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            MqttAsyncClient candidate = new MqttAsyncClient(brokerUrl,
                    "test-agent-" + System.identityHashCode(this) + "-" + attempt, new MemoryPersistence());
            try {
                connectAndSubscribe(candidate, committed);
                client = candidate;
                return;
            } catch (MqttException e) {
                last = e;
                candidate.close(true);
            }
        }
        throw last;
    }

    private void connectAndSubscribe(MqttAsyncClient candidate, Predicate<Set<EnvelopeKey>> committed)
            throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1_000);
        candidate.connect(options).waitForCompletion(TIMEOUT_MILLIS);
        candidate.subscribe("pmr/v1/+/ack", 1, null, null, (topic, message) -> {
            Ack ack;
            try {
                ack = Ack.parseFrom(message.getPayload());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("collector published a bad Ack on " + topic, e);
            }
            ackTopics.add(topic);
            acks.add(ack);
            for (AckedRange range : ack.getRangesList()) {
                for (long s = range.getFirstSequence(); s <= range.getLastSequence(); s++) {
                    acked.add(new EnvelopeKey(ack.getAgentId(), range.getBootEpoch(), s));
                }
            }
            committedWhenAcked.add(committed.test(Set.copyOf(acked)));
        }).waitForCompletion(TIMEOUT_MILLIS);
    }

    /** Publishes and waits for the broker's PUBACK. */
    void publish(Envelope envelope) throws MqttException {
        String kind = switch (envelope.getBodyCase()) {
            case STATUS -> "status";
            case INTERVALS -> "intervals";
            case EVENTS -> "events";
            default -> throw new IllegalArgumentException("no body");
        };
        publish("pmr/v1/" + envelope.getAgentId() + "/" + kind, envelope.toByteArray());
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(TIMEOUT_MILLIS);
    }

    /**
     * Publishes without waiting for the PUBACK, as an agent does: a broker that drops the message may never send
     * one; the application-level Ack decides what is delivered.
     */
    void publishNoWait(Envelope envelope) throws MqttException {
        client.publish("pmr/v1/" + envelope.getAgentId() + "/intervals", envelope.toByteArray(), 1, false);
    }

    Set<EnvelopeKey> acked() {
        return acked;
    }

    List<Ack> acks() {
        return acks;
    }

    List<String> ackTopics() {
        return ackTopics;
    }

    List<Boolean> committedWhenAcked() {
        return committedWhenAcked;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(0).waitForCompletion(TIMEOUT_MILLIS);
        }
        client.close(true);
    }
}
