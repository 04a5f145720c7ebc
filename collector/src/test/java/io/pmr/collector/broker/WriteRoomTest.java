package io.pmr.collector.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's connections have room for a full in-flight window: Moquette 0.17 drops a QoS 1 PUBLISH it
 * already counts in flight when the channel reads unwritable at the moment of the write (see {@link WriteRoom}).
 */
@Timeout(60)
class WriteRoomTest {
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aSubscriberThatStopsReadingHoldsAFullWindowOfLargeMessagesWithoutItsChannelTurningUnwritable()
            throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 1024, MAX_MESSAGE_BYTES, dir);
                Socket stalled = stalledSubscriber(broker)) {
            await().atMost(WAIT).until(() -> broker.writeRoom().widened() >= 1);
            Channel channel = WriteRoom.channelOf(broker.moquette(), "stalled-subscriber");
            assertEquals(broker.writeRoom().highWaterMarkBytes(), channel.config().getWriteBufferHighWaterMark());
            assertTrue(channel.config().getWriteBufferHighWaterMark()
                    > WriteRoom.INFLIGHT_WINDOW * (MAX_MESSAGE_BYTES + EmbeddedBroker.HEADER_ALLOWANCE_BYTES));

            MqttClient publisher = new MqttClient(broker.url(), "room-publisher", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            publisher.connect(options);
            byte[] payload = new byte[MAX_MESSAGE_BYTES - 1024];
            for (int i = 0; i < WriteRoom.INFLIGHT_WINDOW; i++) {
                publisher.publish("pmr/room/" + i, payload, 1, false);
            }
            // Far more than Netty's default 64 KiB high-water mark waits in the channel's buffer: the loopback's
            // socket buffers hold a few MiB at most of the 10 MiB window.
            long fourMiB = 4L << 20;
            await().atMost(WAIT).until(() -> channel.config().getWriteBufferHighWaterMark()
                    - channel.bytesBeforeUnwritable() >= fourMiB);
            assertTrue(channel.isWritable(), "a full window fits: Moquette would drop a PUBLISH written now");
            publisher.disconnect();
            publisher.close();
        }
    }

    @Test
    void aReconnectedClientAndTheClientsOfARestartedBrokerAreWidenedToo() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 1024, MAX_MESSAGE_BYTES, dir)) {
            MqttClient client = new MqttClient(broker.url(), "room-client", new MemoryPersistence());
            client.connect();
            await().atMost(WAIT).until(() -> broker.writeRoom().widened() == 1);
            Channel first = WriteRoom.channelOf(broker.moquette(), "room-client");
            client.disconnect();
            connectAgain(client);
            await().atMost(WAIT).until(() -> broker.writeRoom().widened() == 2);
            Channel second = WriteRoom.channelOf(broker.moquette(), "room-client");
            assertNotSame(first, second, "a new connection");
            assertEquals(broker.writeRoom().highWaterMarkBytes(), second.config().getWriteBufferHighWaterMark());
            client.disconnect();

            WriteRoom before = broker.writeRoom();
            SamePortRestart.of(broker);
            assertNotSame(before, broker.writeRoom(), "the restarted broker has its own");
            connectAgain(client);
            await().atMost(WAIT).until(() -> broker.writeRoom().widened() == 1);
            assertEquals(broker.writeRoom().highWaterMarkBytes(),
                    WriteRoom.channelOf(broker.moquette(), "room-client").config().getWriteBufferHighWaterMark());
            assertEquals(0, broker.writeRoom().failures());
            client.disconnect();
            client.close();
        }
    }

    /**
     * Connects a client that has just disconnected. Paho's synchronous disconnect returns before the client has left its
     * "disconnecting" state, so a connect at once can be refused with 32102 (seen in a clean clone, 2026-12-06): that
     * refusal alone is retried.
     */
    private static void connectAgain(MqttClient client) {
        await().atMost(WAIT).ignoreExceptionsMatching(e -> e instanceof MqttException refused
                && refused.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING)
                .untilAsserted(client::connect);
    }

    /**
     * A subscriber by hand: it reads its CONNACK and SUBACK, then nothing, so what the broker sends piles up. Moquette
     * 0.17 can drop a connection whose SUBSCRIBE follows its CONNACK at once (it logs "SUBSCRIBE received on already
     * closed connection": seen once in a CI run of this test, the mechanism not traced in its source); a client then
     * connects again, as pmr's sessions do, and so does this one, on a new socket, a few times at most.
     */
    private static Socket stalledSubscriber(EmbeddedBroker broker) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Socket stalled = new Socket();
            try {
                stalled.setReceiveBufferSize(16 * 1024);
                stalled.connect(new InetSocketAddress("127.0.0.1", broker.port()), 10_000);
                DataInputStream in = new DataInputStream(stalled.getInputStream());
                stalled.getOutputStream().write(connect("stalled-subscriber"));
                byte[] connack = new byte[4];
                in.readFully(connack);
                assertArrayEquals(new byte[] {0x20, 2, 0, 0}, connack, "CONNACK, accepted");
                stalled.getOutputStream().write(subscribe("pmr/room/#"));
                byte[] suback = new byte[5];
                in.readFully(suback);
                assertArrayEquals(new byte[] {(byte) 0x90, 3, 0, 1, 1}, suback, "SUBACK, QoS 1 granted");
                return stalled;
            } catch (EOFException dropped) {
                stalled.close();
                if (attempt == 5) {
                    throw dropped;
                }
            } catch (IOException | RuntimeException | AssertionError e) {
                stalled.close();
                throw e;
            }
        }
    }

    /** MQTT 3.1.1 CONNECT, clean session, no keep-alive (the broker never times the stalled reader out). */
    private static byte[] connect(String clientId) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 0});
        string(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    private static byte[] subscribe(String filter) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 1});
        string(body, filter);
        body.write(1);
        return packet(0x82, body.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.write(bytes);
    }

    private static byte[] packet(int header, byte[] body) {
        assertTrue(body.length < 128, "one-byte remaining length");
        byte[] packet = new byte[body.length + 2];
        packet[0] = (byte) header;
        packet[1] = (byte) body.length;
        System.arraycopy(body, 0, packet, 2, body.length);
        return packet;
    }
}
