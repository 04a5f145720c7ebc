package io.pmr.launcher;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A broker that closes a new connection between its CONNACK and the SUBSCRIBE (what Moquette 0.17 now and then does):
 * the bench's set-up connects again and subscribes, up to three attempts in all. The broker here is a few lines of
 * MQTT 3.1.1 on a real loopback socket, so the close comes exactly where it must.
 */
class BenchSubscriptionTest {

    @Test
    void aConnectionClosedBeforeTheSubackIsConnectedAgainAndSubscribes() throws Exception {
        try (ClosingBroker broker = new ClosingBroker(1)) {
            MqttAsyncClient client = client(broker);
            BenchSubscription.connectAndSubscribe(client, options(), "pmr/v1/+/ack", 10_000);
            assertEquals(2, broker.connects.get(), "one connection closed, the second subscribed");
            assertEquals(2, broker.subscribes.get());
            BenchPublisher.disconnectAndClose(client, 10_000);
        }
    }

    @Test
    void aBrokerThatClosesEveryTimeFailsTheSetUpAfterThreeAttempts() throws Exception {
        try (ClosingBroker broker = new ClosingBroker(Integer.MAX_VALUE)) {
            MqttAsyncClient client = client(broker);
            MqttException e = assertThrows(MqttException.class,
                    () -> BenchSubscription.connectAndSubscribe(client, options(), "pmr/v1/+/ack", 10_000));
            assertEquals(MqttException.REASON_CODE_CONNECTION_LOST, e.getReasonCode());
            assertEquals(BenchSubscription.ATTEMPTS, broker.connects.get());
            client.close(true);
        }
    }

    private static MqttAsyncClient client(ClosingBroker broker) throws MqttException {
        return new MqttAsyncClient("tcp://127.0.0.1:" + broker.port(), "bench-subscription-test",
                new MemoryPersistence());
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return options;
    }

    /** Accepts connections; the first {@code closing} are closed on their SUBSCRIBE, later ones get a SUBACK. */
    private static final class ClosingBroker implements AutoCloseable {
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger subscribes = new AtomicInteger();
        private final ServerSocket server = new ServerSocket();
        private final List<Socket> open = new ArrayList<>();
        private final Thread acceptor;

        ClosingBroker(int closing) throws IOException {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        synchronized (open) {
                            open.add(socket);
                        }
                        int number = connects.incrementAndGet();
                        Thread connection = new Thread(() -> serve(socket, number <= closing), "closing-broker-conn");
                        connection.setDaemon(true);
                        connection.start();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "closing-broker");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket socket, boolean closeOnSubscribe) {
            try (socket) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    int type = in.readUnsignedByte() >> 4;
                    byte[] body = new byte[remainingLength(in)];
                    in.readFully(body);
                    if (type == 1) { // CONNECT
                        out.write(new byte[] {0x20, 0x02, 0x00, 0x00});
                    } else if (type == 8) { // SUBSCRIBE: packet id, then the filters
                        subscribes.incrementAndGet();
                        if (closeOnSubscribe) {
                            return;
                        }
                        out.write(new byte[] {(byte) 0x90, 0x03, body[0], body[1], 0x01});
                    } else if (type == 12) { // PINGREQ
                        out.write(new byte[] {(byte) 0xD0, 0x00});
                    } else if (type == 14) { // DISCONNECT
                        return;
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static int remainingLength(InputStream in) throws IOException {
            int length = 0;
            int shift = 0;
            int digit;
            do {
                digit = in.read();
                if (digit < 0) {
                    throw new java.io.EOFException();
                }
                length |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            return length;
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (open) {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }
}
