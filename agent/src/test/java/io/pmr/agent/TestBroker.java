package io.pmr.agent;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * Moquette in memory on a loopback port: ephemeral at first, the same one after {@link #restart()}.
 * Telemetry off, message size and session queue raised (see DESIGN.md's traps).
 */
public final class TestBroker implements AutoCloseable {
    private Server server;
    private int port;
    private volatile int bindsRefused;

    public static TestBroker start() throws IOException {
        TestBroker broker = new TestBroker();
        broker.startOn(0);
        return broker;
    }

    private void startOn(int requestedPort) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", Integer.toString(requestedPort));
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("netty.mqtt.message_size", Integer.toString(8 * 1024 * 1024));
        properties.setProperty("session_queue_size", "65536");
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(properties));
        } catch (RuntimeException e) { // Moquette's "Cannot bind to port", its event loops already started
            io.pmr.testkit.MoquetteStop.shutDownLoops(s);
            s.stopServer();
            throw e;
        }
        server = s;
        if (requestedPort != 0) {
            port = requestedPort; // startServer returns after the bind succeeded
            return;
        }
        // Moquette learns its bound port in a Netty listener that may run after startServer returns. Its getPort() is
        // computeIfAbsent on a plain HashMap that listener fills: read at the same moment it can throw
        // ConcurrentModificationException, which is only polled again (see the collector's EmbeddedBroker).
        await().atMost(Duration.ofSeconds(10)).ignoreException(java.util.ConcurrentModificationException.class)
                .until(() -> s.getPort() > 0);
        port = s.getPort();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public void stop() {
        if (server != null) {
            io.pmr.testkit.MoquetteStop.shutDownLoops(server);
            server.stopServer();
            server = null;
        }
    }

    /**
     * Stops and starts again on the same port, which the clients reconnect to. Between the stop and the bind another
     * socket (another test JVM's outgoing connection, given this ephemeral port) may hold the port for a while: the
     * bind is tried again until it succeeds, for at most 10 s.
     */
    public void restart() throws IOException {
        stop();
        io.pmr.testkit.SamePort.startAgain("Moquette bound again to 127.0.0.1:" + port, () -> startOn(port),
                () -> bindsRefused++);
    }

    /** How many times {@link #restart()} found its port held by another socket. */
    int bindsRefused() {
        return bindsRefused;
    }

    @Override
    public void close() {
        stop();
    }
}
