package io.pmr.mqtt;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferedSocketsTest {

    @Test
    void aTcpSocketReadsThroughABufferAndLosesNoByte() throws Exception {
        SocketFactory factory = BufferedSockets.forUrl("tcp://127.0.0.1:1883", null);
        assertFalse(factory instanceof SSLSocketFactory, "Paho refuses an SSL factory for tcp://");
        byte[] sent = new byte[100_000];
        new java.util.SplittableRandom(5).nextBytes(sent);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = factory.createSocket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
            assertTrue(client.getTcpNoDelay(), "acknowledgements leave at once, not after Nagle's wait");
            try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
                out.write(sent);
            }
            InputStream in = client.getInputStream();
            assertInstanceOf(BufferedInputStream.class, in);
            assertSame(in, client.getInputStream(), "one buffer per socket: a second would lose what the first holds");
            byte[] received = new byte[sent.length];
            for (int i = 0; i < received.length; i++) {
                int b = in.read(); // Paho's way: a byte at a time
                assertTrue(b >= 0, "end of stream at byte " + i);
                received[i] = (byte) b;
            }
            assertArrayEquals(sent, received);
        }
    }

    @Test
    void anSslFactoryWrapsTheGivenOneAndMakesSslSocketsWithBufferedInput() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SocketFactory factory = BufferedSockets.forUrl("ssl://127.0.0.1:8883", context.getSocketFactory());
        assertInstanceOf(SSLSocketFactory.class, factory, "Paho requires an SSL factory for ssl://");
        try (Socket socket = factory.createSocket()) {
            assertInstanceOf(SSLSocket.class, socket, "Paho casts to SSLSocket for the handshake");
            assertInstanceOf(BufferedSslSocket.class, socket);
            assertTrue(socket.getTcpNoDelay(), "acknowledgements leave at once, not after Nagle's wait");
        }
    }

    @Test
    void tlsSettingsWithATcpUrlAreRefusedNamingTheUrl() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BufferedSockets.forUrl("tcp://127.0.0.1:1883", context.getSocketFactory()));
        assertTrue(e.getMessage().startsWith("brokerUrl"), e.getMessage());
    }
}
