package io.pmr.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Many loopback connections to an HTTP server, each having sent the start of a request whose headers never end (a
 * slow-loris client). Knows which of them the server has closed since. Not thread-safe.
 */
public final class HeldConnections implements AutoCloseable {
    private static final byte[] HALF_REQUEST = ("GET /api/periods HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final int opened;
    private int closedByServer;

    private HeldConnections(Selector selector, int opened) {
        this.selector = selector;
        this.opened = opened;
    }

    /** Opens {@code count} connections to {@code port} on loopback and sends each a half request. */
    public static HeldConnections open(int port, int count) throws IOException {
        Selector selector = Selector.open();
        HeldConnections held = new HeldConnections(selector, count);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                try {
                    channel.write(ByteBuffer.wrap(HALF_REQUEST));
                } catch (IOException e) {
                    // refused at accept and reset before the write: counted as closed below
                }
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
        return held;
    }

    /** How many connections the server has closed so far (end of stream or reset seen). */
    public int closedByServer() throws IOException {
        selector.selectNow();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
            SelectionKey key = keys.next();
            keys.remove();
            SocketChannel channel = (SocketChannel) key.channel();
            int read;
            try {
                buffer.clear();
                read = channel.read(buffer);
            } catch (IOException reset) {
                read = -1;
            }
            if (read < 0) {
                key.cancel();
                channel.close();
                closedByServer++;
            }
        }
        return closedByServer;
    }

    /** How many were opened. */
    public int opened() {
        return opened;
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
