package io.pmr.mqtt;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker fixtures' restart keeps their port (clients reconnect to it) even when, between the stop and the bind,
 * another socket holds that port for a while, as another test JVM's outgoing connection given it by the kernel would.
 */
class BrokerFixtureRestartTest {
    @Test
    void moquetteWaitsForItsPortThenServesOnIt() throws Exception {
        try (EmbeddedMoquette broker = EmbeddedMoquette.plain()) {
            restartWhileThePortIsHeld(broker, broker::stop, broker::bindsRefused);
        }
    }

    @Test
    void mosquittoWaitsForItsPortThenServesOnIt(@TempDir Path dir) throws Exception {
        assertTrue(Mosquitto.installed(), "mosquitto is not installed: bash .ci/run installs it");
        try (Mosquitto broker = Mosquitto.plain(dir)) {
            restartWhileThePortIsHeld(broker, broker::stop, broker::bindsRefused);
        }
    }

    private static void restartWhileThePortIsHeld(TestBroker broker, Runnable stop, IntSupplier bindsRefused)
            throws Exception {
        int port = URI.create(broker.url()).getPort();
        stop.run();
        CompletableFuture<Void> restarted;
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // bound, not listening
            restarted = CompletableFuture.runAsync(() -> {
                try {
                    broker.restart();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> bindsRefused.getAsInt() > 0 || restarted.isDone());
        }
        restarted.get(30, TimeUnit.SECONDS); // throws if the restart gave up
        assertTrue(bindsRefused.getAsInt() > 0, "the held port was never refused, so this proved nothing");
        MqttClient client = new MqttClient(broker.url(), "restart-probe", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        assertTrue(client.isConnected(), "no MQTT session on " + broker.url() + " after the restart");
        client.disconnect();
        client.close();
    }
}
