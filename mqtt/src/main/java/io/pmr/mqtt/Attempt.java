package io.pmr.mqtt;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection attempt of a {@link MqttSession} and, once established, its connection: a Paho client used for
 * nothing else, never reused. Threading: the flags are volatile; the session decides, under its lock, which attempt
 * is current.
 */
final class Attempt {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);

    final long id;
    final MqttAsyncClient client;
    private final String clientId;
    /** Connected with every subscription granted. */
    volatile boolean established;
    /** The handshake's timeout, cancelled once established or abandoned. */
    volatile ScheduledFuture<?> timeout;

    Attempt(long id, MqttAsyncClient client, String clientId) {
        this.id = id;
        this.client = client;
        this.clientId = clientId;
    }

    /** Paho's options for a session's connection: MQTT 3.1.1 only, Paho's automatic reconnect off. */
    static MqttConnectOptions options(SessionSettings settings, SocketFactory socketFactory) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(settings.cleanSession());
        options.setAutomaticReconnect(false);
        // No silent fallback to MQTT 3.1: it would turn one refusal into two.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.handshakeTimeout().toSeconds()));
        options.setMaxInflight(settings.maxInflight());
        options.setSocketFactory(socketFactory);
        SessionSettings.Will will = settings.will();
        if (will != null) {
            options.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        }
        if (settings.login() != null) {
            settings.login().applyTo(options);
        }
        return options;
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Drops the connection at once, if any, and releases the client; never throws. Not on Paho's threads. */
    void closeQuietly() {
        cancelTimeout();
        try {
            client.disconnectForcibly(0, 100);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT client {}: forced disconnect: {}", clientId, e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT client {}: closing a client: {}", clientId, e.toString());
        }
    }

    /** A graceful DISCONNECT (no last will), then releases the client. */
    void disconnect(Duration quiesce, Duration timeout) {
        cancelTimeout();
        try {
            if (client.isConnected()) {
                client.disconnect(quiesce.toMillis()).waitForCompletion(Math.max(1_000, timeout.toMillis()));
            }
        } catch (MqttException e) {
            LOG.warn("MQTT client {}: disconnect: {}", clientId, e.toString());
        }
        closeQuietly();
    }

    /** Drops the socket without a DISCONNECT packet, as at a kill -9 (the broker publishes the last will). */
    void drop() {
        cancelTimeout();
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT client {}: dropping an abandoned connection: {}", clientId, e.toString());
        }
        closeQuietly();
    }
}
