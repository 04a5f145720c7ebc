package io.pmr.launcher;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on an ephemeral loopback port between agents and an MQTT broker, which reads the client-to-broker
 * stream packet by packet (MQTT 3.1.1 fixed header: type nibble, variable-length remaining length) so that it can
 * count PUBLISH packets and inject two faults:
 * <ul>
 *   <li>blackhole: every byte, both ways, is read and discarded, and no connection is closed; new connections are
 *   accepted and treated the same. {@link #heal()} closes the blackholed connections (their streams lost bytes, as
 *   a TCP session that timed out would be) and forwards again;</li>
 *   <li>duplicate: every PUBLISH packet is written to the broker twice, byte for byte (same packet id), as a
 *   retransmission on a flaky path would deliver it.</li>
 * </ul>
 * Threading: two blocking threads per connection; the switches and counters are safe from any thread.
 */
final class MqttFaultProxy implements AutoCloseable {
    private static final int PUBLISH = 3;

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicLong publishesForwarded = new AtomicLong();
    private final AtomicLong publishesDuplicated = new AtomicLong();
    private final AtomicLong packetsDiscarded = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean blackhole;
    private volatile boolean duplicate;

    private MqttFaultProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    static MqttFaultProxy start(int upstreamPort) throws IOException {
        MqttFaultProxy proxy = new MqttFaultProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
        Thread acceptor = new Thread(proxy::acceptLoop, "mqtt-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    void blackhole() {
        blackhole = true;
    }

    /** Ends the blackhole: the connections that lost bytes are closed (clients reconnect), new ones are forwarded. */
    void heal() {
        blackhole = false;
        for (Link link : links) {
            if (link.lostBytes) {
                link.close();
            }
        }
    }

    void duplicate(boolean on) {
        duplicate = on;
    }

    long publishesForwarded() {
        return publishesForwarded.get();
    }

    long publishesDuplicated() {
        return publishesDuplicated.get();
    }

    long packetsDiscarded() {
        return packetsDiscarded.get();
    }

    long connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Link link = new Link(client);
                links.add(link);
                link.begin();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("mqtt proxy: accept failed: " + e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link link : links) {
            link.close();
        }
    }

    /** One client connection and, unless it began blackholed, its upstream connection to the broker. */
    private final class Link {
        private final Socket client;
        private volatile Socket upstream;
        private volatile boolean lostBytes;

        Link(Socket client) {
            this.client = client;
        }

        void begin() {
            thread("up", this::clientToBroker);
        }

        private void thread(String direction, Runnable body) {
            Thread thread = new Thread(body, "mqtt-proxy-" + direction + "-" + client.getPort());
            thread.setDaemon(true);
            thread.start();
        }

        private void clientToBroker() {
            try (Socket c = client) {
                DataInputStream in = new DataInputStream(c.getInputStream());
                OutputStream out = null;
                while (true) {
                    int first = in.readUnsignedByte();
                    int length = 0;
                    int multiplier = 1;
                    byte[] header = new byte[5];
                    header[0] = (byte) first;
                    int headerLength = 1;
                    int digit;
                    do {
                        digit = in.readUnsignedByte();
                        header[headerLength++] = (byte) digit;
                        length += (digit & 0x7F) * multiplier;
                        multiplier *= 128;
                    } while ((digit & 0x80) != 0 && headerLength < 5);
                    byte[] body = new byte[length];
                    in.readFully(body);
                    if (blackhole || lostBytes) {
                        // a connection that lost bytes stays a sink until heal() closes it
                        lostBytes = true;
                        packetsDiscarded.incrementAndGet();
                        continue;
                    }
                    if (out == null) {
                        upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                        upstream.setTcpNoDelay(true);
                        out = upstream.getOutputStream();
                        Socket up = upstream;
                        thread("down", () -> brokerToClient(up));
                    }
                    boolean publish = first >> 4 == PUBLISH;
                    int copies = publish && duplicate ? 2 : 1;
                    for (int i = 0; i < copies; i++) {
                        out.write(header, 0, headerLength);
                        out.write(body);
                    }
                    out.flush();
                    if (publish) {
                        publishesForwarded.incrementAndGet();
                        publishesDuplicated.addAndGet(copies - 1L);
                    }
                }
            } catch (EOFException e) {
                // the client closed
            } catch (IOException e) {
                // either side closed or reset: the client reconnects
            } finally {
                close();
            }
        }

        private void brokerToClient(Socket up) {
            byte[] buffer = new byte[8192];
            try (Socket u = up) {
                InputStream in = u.getInputStream();
                OutputStream out = client.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (blackhole || lostBytes) {
                        lostBytes = true;
                        continue;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // closed
            } finally {
                close();
            }
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }

        private static void closeQuietly(Socket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }
}
