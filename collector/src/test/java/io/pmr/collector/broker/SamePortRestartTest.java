package io.pmr.collector.broker;

import io.moquette.broker.Server;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tests' restart waits out another socket holding the broker's port, then serves on that same port. */
@Timeout(60)
class SamePortRestartTest {
    @TempDir
    Path dir;

    @Test
    void aPortHeldByAnotherSocketDelaysTheRestartWhichThenServesOnTheSamePort() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 1024, 1 << 20, dir)) {
            int port = broker.port();
            Server first = broker.moquette();
            AcceptorLoops.shutDownNow(first);
            first.stopServer(); // the port is free now, as within a restart between its stop and its bind
            CompletableFuture<Void> restarted;
            try (Socket holder = new Socket()) {
                holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // bound, not listening
                restarted = CompletableFuture.runAsync(() -> SamePortRestart.of(broker));
                // restart() and moquette() hold the broker's lock: no server seen means a restart failed to bind.
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.moquette() == null || restarted.isDone());
                assertTrue(broker.moquette() == null, "a restart bound the held port, so this proved nothing");
            }
            restarted.get(20, TimeUnit.SECONDS); // throws if the restart gave up
            assertEquals(port, broker.port());
            MqttClient client = new MqttClient(broker.url(), "restart-probe", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            client.connect(options);
            assertTrue(client.isConnected(), "no MQTT session on " + broker.url() + " after the restart");
            client.disconnect();
            client.close();
        }
    }
}
