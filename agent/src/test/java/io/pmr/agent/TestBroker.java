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
        s.startServer(new MemoryConfig(properties));
        server = s;
        // Moquette learns its bound port in a Netty listener that may run after startServer returns.
        await().atMost(Duration.ofSeconds(10)).until(() -> s.getPort() > 0);
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

    /** Starts again on the same port (after {@link #stop()}). */
    public void restart() throws IOException {
        stop();
        startOn(port);
    }

    @Override
    public void close() {
        stop();
    }
}
