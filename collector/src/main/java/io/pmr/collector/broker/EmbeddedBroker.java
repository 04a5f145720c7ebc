package io.pmr.collector.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.pmr.collector.security.BrokerGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Moquette 0.17 MQTT broker, plain TCP on one host and port, state in memory only (no files), no
 * telemetry, no websockets. Port 0 binds an ephemeral port: Moquette records the port it actually bound
 * ({@link Server#getPort()}, read from the bound channel by a listener that runs on Netty's event loop just after
 * {@code startServer} returns), so {@link #port()} waits briefly for it instead of guessing.
 *
 * <p>{@code session_queue_size} bounds each session worker's command queue; when it is full Moquette drops the
 * publish after PUBACKing it (see DESIGN.md): the default here is large, and the agents' application-level acks
 * make a drop a delay, not a loss.
 *
 * <p>Moquette 0.17 can lose a session loop for good (see {@link #deadSessionLoops()}); {@link BrokerWatchdog} watches
 * for that and calls {@link #restart()}. Thread-safe.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** The prefix of the broker library's logger names, for log routing that must single them out. */
    public static final String LOGGER_PREFIX = "io.moquette.";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Room for the MQTT header and topic above the payload limit, so slightly oversized payloads reach the
     *  collector and are counted as rejections instead of silently closing the publisher's connection. */
    static final int HEADER_ALLOWANCE_BYTES = 64 * 1024;
    private static final int PORT_WAIT_STEPS = 5_000;
    private static final long FIRST_PORT_POLL_DELAY_MILLIS = 50;

    private final String host;
    private final int port;
    private final boolean tls;
    private final BrokerGuard guard;
    /** The settings of the first start, the bound port fixed: a restart binds the same port with the same settings. */
    private final Properties restartProperties;
    private Server server;
    private volatile List<Thread> sessionLoops;
    private volatile WriteRoom writeRoom;
    private boolean closed;

    private EmbeddedBroker(Launched launched, String host, Properties properties, BrokerGuard guard) {
        this.server = launched.server();
        this.sessionLoops = launched.sessionLoops();
        this.writeRoom = launched.writeRoom();
        this.host = host;
        this.port = launched.port();
        this.tls = guard != null;
        this.guard = guard;
        this.restartProperties = (Properties) properties.clone();
        restartProperties.setProperty(tls ? "ssl_port" : "port", Integer.toString(port));
    }

    /**
     * Starts the broker.
     *
     * @param host             interface to bind, e.g. {@code 127.0.0.1}
     * @param port             TCP port, 0 for an ephemeral one
     * @param sessionQueueSize Moquette's per-session-worker command queue size
     * @param maxMessageBytes  largest payload the collector accepts; the broker's frame limit is this plus
     *                         {@link #HEADER_ALLOWANCE_BYTES}
     * @param dataDir          Moquette's data path (unused while persistence is off, set so nothing lands in the
     *                         working directory)
     */
    public static EmbeddedBroker start(String host, int port, int sessionQueueSize, int maxMessageBytes,
            Path dataDir) {
        return start(host, port, sessionQueueSize, maxMessageBytes, dataDir, null);
    }

    /**
     * As {@link #start(String, int, int, int, Path)}; with a {@link BrokerGuard} the broker listens with TLS only
     * (no plain TCP port), refuses anonymous clients and applies the guard's authenticator and topic rights.
     *
     * @param guard the security, or null for plain TCP with anonymous clients (the loopback default)
     */
    public static EmbeddedBroker start(String host, int port, int sessionQueueSize, int maxMessageBytes,
            Path dataDir, BrokerGuard guard) {
        // Keys of Moquette 0.17's configuration file (its BrokerConstants are deprecated aliases of these).
        Properties properties = new Properties();
        properties.setProperty("host", host);
        boolean tls = guard != null;
        properties.setProperty("port", tls ? "disabled" : Integer.toString(port));
        if (tls) {
            properties.setProperty("ssl_port", Integer.toString(port));
            properties.setProperty("need_client_auth", Boolean.toString(guard.needClientAuth()));
        }
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("data_path", dataDir.toAbsolutePath().toString());
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("use_metrics", "false");
        properties.setProperty("use_bugsnag", "false");
        properties.setProperty("allow_anonymous", Boolean.toString(!tls));
        properties.setProperty("netty.mqtt.message_size",
                Integer.toString(Math.addExact(maxMessageBytes, HEADER_ALLOWANCE_BYTES)));
        properties.setProperty("session_queue_size", Integer.toString(sessionQueueSize));
        properties.setProperty("immediate_buffer_flush", "true");
        Launched launched = launch(host, port, properties, guard);
        LOG.info("Embedded MQTT broker (Moquette) listening on {}:{} ({}), session_queue_size={}, frame limit {} bytes,"
                + " {} session loops", host, launched.port(), tls ? "TLS, authenticated clients only" : "plain TCP",
                sessionQueueSize, maxMessageBytes + HEADER_ALLOWANCE_BYTES, launched.sessionLoops().size());
        return new EmbeddedBroker(launched, host, properties, guard);
    }

    /** A started Moquette server, the port it bound and the session loop threads it started. */
    private record Launched(Server server, int port, List<Thread> sessionLoops, WriteRoom writeRoom) {
    }

    private static Launched launch(String host, int port, Properties properties, BrokerGuard guard) {
        if (port != 0) {
            // Moquette calls System.exit(1) when it cannot bind: find out first, and fail like a library should.
            checkBindable(host, port);
        }
        boolean tls = guard != null;
        Set<Thread> before = SessionLoops.liveByName();
        Server server = new Server();
        WriteRoom writeRoom = new WriteRoom(server, Integer.parseInt(properties.getProperty("netty.mqtt.message_size")));
        try {
            if (tls) {
                MoquetteGuard moquetteGuard = new MoquetteGuard(guard);
                server.startServer(new MemoryConfig(properties), List.of(writeRoom), moquetteGuard,
                        moquetteGuard, moquetteGuard);
            } else {
                server.startServer(new MemoryConfig(properties), List.of(writeRoom));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MQTT broker on " + host + ":" + port, e);
        }
        int boundPort = awaitBoundPort(tls ? server::getSslPort : server::getPort);
        if (boundPort <= 0) {
            AcceptorLoops.shutDownNow(server);
            server.stopServer();
            throw new IllegalStateException("embedded MQTT broker did not report its bound port");
        }
        return new Launched(server, boundPort, SessionLoops.of(server, before), writeRoom);
    }

    /**
     * Moquette 0.17's {@code getPort()} is {@code computeIfAbsent} on a plain HashMap that Netty's event loop fills
     * by a listener queued after {@code startServer} returns. Only the first call writes (it inserts 0); if it races
     * the event loop's put it throws ConcurrentModificationException or overwrites the port with 0 for good. So the
     * first call waits a moment for the queued listener, and a ConcurrentModificationException is just polled again.
     */
    private static int awaitBoundPort(java.util.function.IntSupplier boundPort) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FIRST_PORT_POLL_DELAY_MILLIS));
        for (int step = 0; step < PORT_WAIT_STEPS; step++) {
            try {
                int bound = boundPort.getAsInt();
                if (bound > 0) {
                    return bound;
                }
            } catch (java.util.ConcurrentModificationException e) {
                LOG.debug("Moquette's port map changed while read; polling again");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return boundPort.getAsInt();
    }

    private static void checkBindable(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the embedded MQTT broker to " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Connects refused by the authenticator per reason since start; empty when the broker is not secured. */
    public java.util.Map<String, Long> refusedConnects() {
        return guard == null ? java.util.Map.of() : guard.refusedConnects();
    }

    /** The port the broker is bound to. */
    public int port() {
        return port;
    }

    /** The URL clients connect to, e.g. {@code tcp://127.0.0.1:41234}, or {@code ssl://...} when secured. */
    public String url() {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "ssl://" : "tcp://") + urlHost + ":" + port;
    }

    /**
     * The names of the session loop threads this broker started that are no longer alive. Moquette 0.17 runs every
     * client's commands on one of a fixed set of "Session Executor" threads (by client id hash) and never replaces
     * one that died of an exception: every client hashed to it is then never served again. Empty when all run.
     * Thread-safe; allocates only when a loop is dead.
     */
    public List<String> deadSessionLoops() {
        List<Thread> loops = sessionLoops;
        List<String> dead = null;
        for (Thread loop : loops) {
            if (!loop.isAlive()) {
                if (dead == null) {
                    dead = new ArrayList<>();
                }
                dead.add(loop.getName());
            }
        }
        return dead == null ? List.of() : dead;
    }

    /** The running broker's {@link WriteRoom}: what it widened and what it could not. */
    WriteRoom writeRoom() {
        return writeRoom;
    }

    /** The running broker's Moquette server, for tests that look inside it. */
    synchronized Server moquette() {
        return server;
    }

    /** The session loop threads of the running broker, recorded right after its (re)start. */
    public List<Thread> sessionLoops() {
        return sessionLoops;
    }

    /**
     * Stops the broker and starts it again on the same host and port with the same settings and security, all state
     * dropped (it is in memory): clients see their connection close and must reconnect and subscribe again. The
     * agents' outboxes and the ingest's redelivery make this cost delay, not data.
     *
     * @throws IllegalStateException when closed, or when the port cannot be bound again (the broker is then down;
     *                               calling again retries)
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("embedded MQTT broker on port " + port + " is closed");
        }
        if (server != null) {
            AcceptorLoops.shutDownNow(server);
            server.stopServer();
            server = null;
        }
        Launched launched = launch(host, port, restartProperties, guard);
        server = launched.server();
        sessionLoops = launched.sessionLoops();
        writeRoom = launched.writeRoom();
        LOG.info("Embedded MQTT broker restarted on {}:{} with {} session loops", host, port,
                launched.sessionLoops().size());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (server != null) {
                AcceptorLoops.shutDownNow(server);
                server.stopServer();
            }
            LOG.info("Embedded MQTT broker on port {} stopped", port);
        }
    }
}
