package io.pmr.agent;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture's restart keeps its port even when another socket holds that port for a while after the stop. */
class TestBrokerTest {
    @Test
    void restartWaitsForItsPortWhenAnotherSocketHoldsItThenServesOnIt() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            String url = broker.url();
            int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            broker.stop();
            CompletableFuture<Void> restarted;
            try (ServerSocket holder = new ServerSocket()) {
                holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // as another JVM's socket
                restarted = CompletableFuture.runAsync(() -> {
                    try {
                        broker.restart();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.bindsRefused() > 0 || restarted.isDone());
            }
            restarted.get(20, TimeUnit.SECONDS); // throws if the restart gave up
            assertTrue(broker.bindsRefused() > 0, "the held port was never refused, so this test proved nothing");
            MqttClient client = new MqttClient(url, "restart-probe", new MemoryPersistence());
            client.connect();
            assertTrue(client.isConnected(), "no MQTT session on " + url + " after the restart");
            client.disconnect();
            client.close();
        }
    }
}
