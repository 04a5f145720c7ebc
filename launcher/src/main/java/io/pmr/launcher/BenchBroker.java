package io.pmr.launcher;

import io.pmr.collector.CollectorSettings;
import io.pmr.collector.broker.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker of one {@code pmr bench ingest} run, on an ephemeral loopback port: the collector's embedded broker
 * (with the collector's default settings) or a Mosquitto process configured as DESIGN.md asks for no loss (unbounded
 * queues, no persistence). Not thread-safe; close it once.
 */
final class BenchBroker implements AutoCloseable {
    /** Where Debian's mosquitto package installs the broker. */
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final long MOSQUITTO_START_MILLIS = 20_000;

    /** Which broker to benchmark on. */
    enum Kind { EMBEDDED, MOSQUITTO }

    private final String url;
    private final EmbeddedBroker embedded;
    private final Process mosquitto;

    private BenchBroker(String url, EmbeddedBroker embedded, Process mosquitto) {
        this.url = url;
        this.embedded = embedded;
        this.mosquitto = mosquitto;
    }

    static BenchBroker start(Kind kind, Path dir) throws IOException, InterruptedException {
        return switch (kind) {
            case EMBEDDED -> {
                EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0,
                        CollectorSettings.DEFAULT_SESSION_QUEUE_SIZE, CollectorSettings.DEFAULT_MAX_MESSAGE_BYTES,
                        dir.resolve("broker"));
                yield new BenchBroker(broker.url(), broker, null);
            }
            case MOSQUITTO -> startMosquitto(dir);
        };
    }

    private static BenchBroker startMosquitto(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException(MOSQUITTO + " is not installed (Debian: apt-get install mosquitto)");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.write(config, List.of("listener " + port + " 127.0.0.1", "allow_anonymous true", "persistence false",
                "max_queued_messages 0", "max_inflight_messages 0", "log_dest file " + dir.resolve("mosquitto.log")));
        Process process = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOSQUITTO_START_MILLIS);
        while (!accepting(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see "
                        + dir.resolve("mosquitto.log"));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("mosquitto did not listen on port " + port + " within "
                        + MOSQUITTO_START_MILLIS + " ms");
            }
            // waiting on the process, not sleeping blind: it may exit meanwhile
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return new BenchBroker("tcp://127.0.0.1:" + port, null, process);
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return url;
    }

    /** The broker process's CPU time in nanoseconds (Mosquitto), or null when the broker runs in this JVM. */
    java.util.function.LongSupplier cpuNanos() {
        if (mosquitto == null) {
            return null;
        }
        return () -> mosquitto.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            try {
                if (!mosquitto.waitFor(10, TimeUnit.SECONDS)) {
                    mosquitto.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mosquitto.destroyForcibly();
            }
        }
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
