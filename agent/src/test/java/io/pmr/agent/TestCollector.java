package io.pmr.agent;

import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the collector: subscribes to every agent's envelopes, keeps each (agent, epoch, sequence) once
 * (as the real collector's unique key would) and, when acking is on, publishes an {@link Ack} for it.
 */
public final class TestCollector implements AutoCloseable {
    private final MqttAsyncClient client;
    private final AtomicBoolean acking = new AtomicBoolean(true);
    private final AtomicInteger received = new AtomicInteger();
    private final Map<String, Envelope> stored = new LinkedHashMap<>();

    public TestCollector(String brokerUrl) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, "test-collector", new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                try {
                    client.subscribe(new String[] {"pmr/v1/+/intervals", "pmr/v1/+/status", "pmr/v1/+/events"},
                            new int[] {1, 1, 1});
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                onEnvelope(Envelope.parseFrom(message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(200);
        options.setMaxInflight(1000);
        client.connect(options).waitForCompletion(10_000);
    }

    private void onEnvelope(Envelope envelope) throws MqttException {
        received.incrementAndGet();
        synchronized (stored) {
            stored.putIfAbsent(key(envelope), envelope);
        }
        if (acking.get()) {
            Ack ack = Ack.newBuilder().setAgentId(envelope.getAgentId())
                    .addRanges(AckedRange.newBuilder().setBootEpoch(envelope.getBootEpoch())
                            .setFirstSequence(envelope.getSequence()).setLastSequence(envelope.getSequence()))
                    .build();
            client.publish("pmr/v1/" + envelope.getAgentId() + "/ack", ack.toByteArray(), 1, false);
        }
    }

    private static String key(Envelope envelope) {
        return envelope.getAgentId() + "/" + envelope.getBootEpoch() + "/" + envelope.getSequence();
    }

    public void setAcking(boolean on) {
        acking.set(on);
    }

    /** Publishes received, duplicates included. */
    public int received() {
        return received.get();
    }

    /** Distinct envelopes, in arrival order. */
    public List<Envelope> stored() {
        synchronized (stored) {
            return new ArrayList<>(stored.values());
        }
    }

    /** Every interval report of the distinct envelopes. */
    public List<IntervalReport> intervals() {
        List<IntervalReport> reports = new ArrayList<>();
        for (Envelope envelope : stored()) {
            reports.addAll(envelope.getIntervals().getIntervalsList());
        }
        return reports;
    }

    public long sumEvents() {
        return intervals().stream().mapToLong(IntervalReport::getEvents).sum();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
