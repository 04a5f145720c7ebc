package io.pmr.agent.publish;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted MQTT 3.1.1 server on a loopback ephemeral port, for what a real broker will not do on demand: it accepts
 * CONNECT and SUBSCRIBE, answers PINGREQ, records every packet's fixed-header flags per connection, and never PUBACKs
 * a QoS 1 PUBLISH (so every publish stays in the client's in-flight window). {@link #dropAfterPublishes} closes the
 * first connection's socket once that many PUBLISHes arrived, as a vanished link does. One connection at a time.
 */
final class ScriptedMqttServer implements AutoCloseable {
    /** A packet seen: its connection (0 = first), MQTT type and fixed-header flags, and the CONNECT flags byte. */
    record Packet(int connection, int type, int flags, int connectFlags) {
        boolean dup() {
            return (flags & 0x08) != 0;
        }
    }

    static final int CONNECT = 1;
    static final int PUBLISH = 3;
    private static final int SUBSCRIBE = 8;
    private static final int PINGREQ = 12;

    private final ServerSocket server;
    private final int dropAfterPublishes;
    private final List<Packet> packets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    ScriptedMqttServer(int dropAfterPublishes) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.dropAfterPublishes = dropAfterPublishes;
        this.acceptor = new Thread(this::serve, "scripted-mqtt");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    List<Packet> packets() {
        return List.copyOf(packets);
    }

    long publishes(int connection) {
        return packets.stream().filter(p -> p.connection() == connection && p.type() == PUBLISH).count();
    }

    private void serve() {
        for (int connection = 0; !closed; connection++) {
            try (Socket socket = server.accept()) {
                serve(connection, socket);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(int connection, Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        int publishes = 0;
        while (true) {
            int header;
            try {
                header = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            byte[] body = new byte[remainingLength(in)];
            in.readFully(body);
            int type = header >>> 4;
            // CONNECT's variable header: length-prefixed "MQTT" (6 bytes), the level, then the flags byte.
            int connectFlags = type == CONNECT && body.length > 7 ? body[7] & 0xFF : 0;
            packets.add(new Packet(connection, type, header & 0x0F, connectFlags));
            switch (type) {
                case CONNECT -> out.write(new byte[] {0x20, 0x02, 0x00, 0x00});
                case SUBSCRIBE -> out.write(new byte[] {(byte) 0x90, 0x03, body[0], body[1], 0x01});
                case PINGREQ -> out.write(new byte[] {(byte) 0xD0, 0x00});
                case PUBLISH -> publishes++;
                default -> { }
            }
            out.flush();
            if (connection == 0 && publishes >= dropAfterPublishes) {
                return; // the socket closes without a word, as a link that vanished mid-publish
            }
        }
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
