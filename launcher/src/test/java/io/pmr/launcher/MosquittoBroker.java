package io.pmr.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real Mosquitto (Debian's package, installed by .ci/run) on an ephemeral loopback port, for interop
 * tests. Configured as DESIGN.md requires for no loss: {@code max_queued_messages 0} (unbounded).
 */
final class MosquittoBroker implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;
    private final String scheme;
    private final Path dir;

    private MosquittoBroker(Process process, int port, String scheme, Path dir) {
        this.process = process;
        this.port = port;
        this.scheme = scheme;
        this.dir = dir;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static MosquittoBroker start(Path dir) throws IOException {
        return start(dir, List.of("allow_anonymous true"), "tcp");
    }

    /**
     * A secured Mosquitto: {@code listenerLines} (TLS files, password and ACL files, allow_anonymous false...) follow
     * the listener line; clients connect to {@code ssl://}. Run as root, Mosquitto keeps root so that it can read the
     * test's private temp folder.
     */
    static MosquittoBroker startSecured(Path dir, List<String> listenerLines) throws IOException {
        List<String> lines = new java.util.ArrayList<>(listenerLines);
        if ("root".equals(System.getProperty("user.name"))) {
            lines.add("user root");
        }
        return start(dir, lines, "ssl");
    }

    private static MosquittoBroker start(Path dir, List<String> listenerLines, String scheme) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        List<String> lines = new java.util.ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.addAll(listenerLines);
        lines.addAll(List.of(
                "persistence false",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "log_dest file " + dir.resolve("mosquitto.log")));
        Files.write(config, lines);
        Process process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile())
                .start();
        MosquittoBroker broker = new MosquittoBroker(process, port, scheme, dir);
        await().atMost(Duration.ofSeconds(20)).until(broker::accepting);
        return broker;
    }

    String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue());
        }
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
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted stopping mosquitto", e));
        }
    }
}
