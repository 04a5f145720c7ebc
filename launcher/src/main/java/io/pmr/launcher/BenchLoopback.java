package io.pmr.launcher;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The broker's own loopback QoS 1 rate, the anchor pmr's ingest is compared with: a Paho publisher sends the very
 * payloads of the ingest run through the broker to a Paho subscriber (QoS 1, acknowledged as each arrives) that does
 * nothing else. The rate is messages received per second, from the first PUBLISH to the last arrival.
 */
final class BenchLoopback {
    private static final String TOPIC_PREFIX = "pmr-bench/loopback/";
    private static final long DEADLINE_SECONDS = 300;

    private BenchLoopback() {
    }

    /** The subscriber's client id in a run. */
    static String subscriberId(String runId) {
        return "pmr-bench-sub-" + runId;
    }

    /** The publisher's client id in a run. */
    static String publisherId(String runId) {
        return "pmr-bench-pub-" + runId;
    }

    /** Messages per second through the broker at {@code url}; {@code cpu} measures the run's CPU. */
    static double rate(String url, List<BenchEnvelopes.Message> messages, String runId, BenchCpu cpu)
            throws MqttException, InterruptedException {
        CountDownLatch arrivals = new CountDownLatch(messages.size());
        long[] lastArrivalNanos = new long[1];
        MqttAsyncClient subscriber = new MqttAsyncClient(url, subscriberId(runId), new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the run fails by its deadline
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                lastArrivalNanos[0] = System.nanoTime(); // Paho calls back on one thread; the latch publishes it
                arrivals.countDown();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // subscribes only
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            BenchSubscription.connectAndSubscribe(subscriber, options, TOPIC_PREFIX + runId + "/#", 10_000);
            try (BenchPublisher publisher = new BenchPublisher(url, publisherId(runId))) {
                cpu.start();
                long startNanos = System.nanoTime();
                publisher.publishAll(messages, message -> TOPIC_PREFIX + runId + "/" + message.agentId());
                if (!arrivals.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the loopback subscriber got " + (messages.size()
                            - arrivals.getCount()) + " of " + messages.size() + " messages in " + DEADLINE_SECONDS
                            + " s");
                }
                cpu.stop(messages.size()); // before the clients close: their threads' CPU is read while they live
                return messages.size() / ((lastArrivalNanos[0] - startNanos) / 1e9);
            }
        } finally {
            BenchPublisher.disconnectAndClose(subscriber, 10_000);
        }
    }
}
