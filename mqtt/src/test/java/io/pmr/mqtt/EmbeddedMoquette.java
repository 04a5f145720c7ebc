package io.pmr.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.pmr.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Moquette in memory on a loopback port (ephemeral at first, the same after {@link #restart()}); secured: TLS with a
 * {@link TestPki} leaf and one user, every topic allowed.
 */
final class EmbeddedMoquette implements TestBroker {
    private final KeyManagerFactory keys;
    private final String user;
    private final byte[] password;
    private Server server;
    private int port;
    private volatile int bindsRefused;

    private EmbeddedMoquette(KeyManagerFactory keys, String user, String password) {
        this.keys = keys;
        this.user = user;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    static EmbeddedMoquette plain() throws IOException {
        EmbeddedMoquette broker = new EmbeddedMoquette(null, null, null);
        broker.startOn(0);
        return broker;
    }

    static EmbeddedMoquette secured(TestPki pki, String user, String password) throws IOException {
        char[] storePassword = pki.password().toCharArray();
        KeyManagerFactory keys = KeyStores.keyManagers(pki.issue("moquette"), storePassword, "keyStore");
        EmbeddedMoquette broker = new EmbeddedMoquette(keys, user, password);
        broker.startOn(0);
        return broker;
    }

    private void startOn(int requestedPort) throws IOException {
        boolean tls = keys != null;
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", tls ? "disabled" : Integer.toString(requestedPort));
        if (tls) {
            properties.setProperty("ssl_port", Integer.toString(requestedPort));
        }
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("allow_anonymous", Boolean.toString(!tls));
        Server s = new Server();
        try {
            if (tls) {
                SslContext context = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).build();
                IAuthenticator authenticator = (clientId, username, secret) -> user.equals(username)
                        && Arrays.equals(password, secret);
                s.startServer(new MemoryConfig(properties), Collections.emptyList(), () -> context, authenticator,
                        new AllowAll());
            } else {
                s.startServer(new MemoryConfig(properties));
            }
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
        // The bound port is learnt in a Netty listener that may run after startServer returns. Its getPort() is
        // computeIfAbsent on a plain HashMap that listener fills: read at the same moment it can throw
        // ConcurrentModificationException, which is only polled again (see the collector's EmbeddedBroker).
        await().atMost(Duration.ofSeconds(10)).ignoreException(java.util.ConcurrentModificationException.class)
                .until(() -> tls ? s.getSslPort() > 0 : s.getPort() > 0);
        port = tls ? s.getSslPort() : s.getPort();
    }

    @Override
    public String url() {
        return (keys != null ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    /**
     * Stops and starts again on the same port, which the clients reconnect to. Between the stop and the bind another
     * socket (another test JVM's outgoing connection, given this ephemeral port) may hold the port for a while: the
     * bind is tried again until it succeeds, for at most 10 s.
     */
    @Override
    public void restart() throws IOException {
        stop();
        io.pmr.testkit.SamePort.startAgain("Moquette bound again to 127.0.0.1:" + port, () -> startOn(port),
                () -> bindsRefused++);
    }

    /** How many times {@link #restart()} found its port held by another socket. */
    int bindsRefused() {
        return bindsRefused;
    }

    /** Stops the broker (again: nothing); {@link #restart()} starts it. */
    void stop() {
        if (server != null) {
            io.pmr.testkit.MoquetteStop.shutDownLoops(server);
            server.stopServer();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static final class AllowAll implements IAuthorizatorPolicy {
        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            return true;
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            return true;
        }
    }
}
