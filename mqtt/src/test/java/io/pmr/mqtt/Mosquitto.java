package io.pmr.mqtt;

import io.pmr.testkit.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Mosquitto ({@code /usr/sbin/mosquitto}) on an ephemeral loopback port with a temp config; secured: TLS with
 * a {@link TestPki} leaf, a password file made by {@code mosquitto_passwd}, no anonymous clients.
 */
final class Mosquitto implements TestBroker {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Path dir;
    private final Path config;
    private final int port;
    private final String scheme;
    private Process process;
    private volatile int bindsRefused;

    private Mosquitto(Path dir, Path config, int port, String scheme) {
        this.dir = dir;
        this.config = config;
        this.port = port;
        this.scheme = scheme;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(PASSWD);
    }

    static Mosquitto plain(Path dir) throws IOException {
        return start(dir, List.of("allow_anonymous true"), "tcp");
    }

    static Mosquitto secured(Path dir, TestPki pki, String user, String password) throws IOException {
        pki.issue("mosquitto");
        Path passwords = dir.resolve("passwords");
        run(PASSWD.toString(), "-c", "-b", passwords.toString(), user, password);
        List<String> lines = new ArrayList<>(List.of("cafile " + pki.caPem(), "certfile " + pki.certPem("mosquitto"),
                "keyfile " + pki.keyPem("mosquitto"), "require_certificate false", "allow_anonymous false",
                "password_file " + passwords));
        if ("root".equals(System.getProperty("user.name"))) {
            lines.add("user root"); // so that it can read the test's private temp folder
        }
        return start(dir, lines, "ssl");
    }

    private static Mosquitto start(Path dir, List<String> listenerLines, String scheme) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.addAll(listenerLines);
        lines.addAll(List.of("persistence false", "max_queued_messages 0", "max_inflight_messages 0",
                "log_dest file " + dir.resolve("mosquitto.log")));
        Path config = Files.write(dir.resolve("mosquitto.conf"), lines);
        Mosquitto broker = new Mosquitto(dir, config, port, scheme);
        broker.launch();
        return broker;
    }

    /**
     * Starts the process on {@link #port}. The port was found free (or was this broker's before a restart), yet
     * another socket (another test JVM's outgoing connection, given this ephemeral port) may hold it for a while:
     * when Mosquitto exits for "Address already in use" it is started again, for at most 10 s.
     */
    private void launch() throws IOException {
        await("mosquitto bound to 127.0.0.1:" + port).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(this::launchedUnlessPortHeld);
    }

    private boolean launchedUnlessPortHeld() throws IOException {
        Path out = dir.resolve("mosquitto.out");
        long outBefore = Files.exists(out) ? Files.size(out) : 0;
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive() || accepting());
        if (process.isAlive()) {
            return true;
        }
        byte[] all = Files.readAllBytes(out);
        String said = new String(all, (int) outBefore, all.length - (int) outBefore, StandardCharsets.UTF_8);
        if (said.contains("Address already in use")) {
            bindsRefused++; // Awaitility runs one condition at a time: one writer
            return false;
        }
        throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + said + log());
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What Mosquitto logged so far, for failure messages. */
    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public void restart() throws IOException {
        stop();
        launch();
    }

    /** How many times a launch found the port held by another socket. */
    int bindsRefused() {
        return bindsRefused;
    }

    /** Stops the process (again: nothing); {@link #restart()} starts it. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted stopping mosquitto", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
