package io.pmr.launcher;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bench subscriber's set-up, before any clock starts: connect, then subscribe at QoS 1. Moquette 0.17 now and then
 * closes a new clean-session connection between its CONNACK and the client's SUBSCRIBE (its log: "SUBSCRIBE received
 * on already closed connection"; Paho: "Connection lost (32109)"), seen with fresh client ids too, so not a takeover of
 * a reused id; the path inside Moquette is not known. Such a set-up is done again, up to {@link #ATTEMPTS} times in
 * all: nothing was measured yet, and a subscriber that did not get its SUBACK has received nothing.
 */
final class BenchSubscription {
    static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(BenchSubscription.class);
    /** How long a connect waits for Paho to finish with the lost connection ("currently disconnecting"). */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private BenchSubscription() {
    }

    /**
     * Connects {@code client} with {@code options} and subscribes it to {@code topicFilter} at QoS 1, each step waiting
     * at most {@code timeoutMillis}.
     *
     * @throws MqttException the last failure, when every attempt lost its connection, or at once for any other failure
     */
    static void connectAndSubscribe(MqttAsyncClient client, MqttConnectOptions options, String topicFilter,
            long timeoutMillis) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            connect(client, options, timeoutMillis);
            try {
                client.subscribe(topicFilter, 1).waitForCompletion(timeoutMillis);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warn("bench client {}: the broker closed the connection before the SUBACK of {} ({}); connecting"
                        + " again (attempt {} of {})", client.getClientId(), topicFilter, e.getMessage(), attempt + 1,
                        ATTEMPTS);
            }
        }
    }

    /** Connects; while Paho is still shutting a lost connection down, waits for it (at most 10 s), then connects. */
    private static void connect(MqttAsyncClient client, MqttConnectOptions options, long timeoutMillis)
            throws MqttException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (true) {
            try {
                client.connect(options).waitForCompletion(timeoutMillis);
                return;
            } catch (MqttException e) {
                boolean settling = e.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING
                        || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS;
                if (!settling || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }
}
