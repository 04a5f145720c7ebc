package io.pmr.launcher;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho v3 QoS 1 publisher as fast as the broker lets it: up to {@link #WINDOW} PUBLISHes awaiting their PUBACK.
 * The same publisher feeds the broker's loopback and pmr's ingest, so the two rates differ only downstream.
 * Not thread-safe.
 */
final class BenchPublisher implements AutoCloseable {
    static final int WINDOW = 1_000;
    private static final long TIMEOUT_MILLIS = 10_000;

    private final MqttAsyncClient client;
    private final Semaphore window = new Semaphore(WINDOW);

    BenchPublisher(String url, String clientId) throws MqttException {
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the run fails by its own deadline; nothing to restore
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // publishes only
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                window.release();
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(WINDOW);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options).waitForCompletion(TIMEOUT_MILLIS);
    }

    /** Publishes every message at QoS 1 to the topic {@code topicOf} names, then waits for every PUBACK. */
    void publishAll(List<BenchEnvelopes.Message> messages, Function<BenchEnvelopes.Message, String> topicOf)
            throws MqttException, InterruptedException {
        for (BenchEnvelopes.Message message : messages) {
            window.acquire();
            client.publish(topicOf.apply(message), message.payload(), 1, false);
        }
        if (!window.tryAcquire(WINDOW, 5 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the broker did not acknowledge every PUBLISH within "
                    + 5 * TIMEOUT_MILLIS + " ms");
        }
        window.release(WINDOW);
    }

    @Override
    public void close() throws MqttException {
        disconnectAndClose(client, TIMEOUT_MILLIS);
    }

    /**
     * Ends a bench client once its phase is over: a connection the broker already dropped (the phase's figures are
     * taken by then: every message it waited for had arrived) is closed without a disconnect, which Paho refuses,
     * whether Paho has finished with the lost connection ("already disconnected") or is still shutting it down
     * ("currently disconnecting", then closed by force: a plain close refuses that state too).
     */
    static void disconnectAndClose(MqttAsyncClient client, long timeoutMillis) throws MqttException {
        try {
            client.disconnect().waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING) {
                client.close(true);
                return;
            }
            if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_ALREADY_DISCONNECTED) {
                throw e;
            }
        }
        client.close();
    }
}
