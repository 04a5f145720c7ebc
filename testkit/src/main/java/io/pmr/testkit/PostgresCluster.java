package io.pmr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for tests, made from the distribution's own binaries ({@code initdb}, {@code pg_ctl}:
 * on PATH, else Debian's {@code /usr/lib/postgresql/<major>/bin}): a data directory in a temp folder, a server on an
 * ephemeral loopback port with its unix socket in that folder, password (SCRAM) authentication for one user, and a
 * fresh database per test ({@link #createDatabase}). No Docker. The server runs without fsync (a test cluster's data is
 * thrown away; durability is the store's contract with a real server, not what these tests measure).
 *
 * <p>One cluster per JVM ({@link #shared()}), started on first use and stopped by a shutdown hook ({@code pg_ctl stop
 * -m fast}); the temp folder is deleted then. PostgreSQL refuses to run as root: under root the binaries run as the
 * {@code postgres} user the Debian package creates ({@code runuser}). Thread-safe.
 */
public final class PostgresCluster {
    private static final String USER = "pmr_test";
    private static PostgresCluster shared;

    private final Path dir;
    private final Path binDir;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path dir, Path binDir, int port, String password, boolean asPostgresUser) {
        this.dir = dir;
        this.binDir = binDir;
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /** The JVM's cluster, started on first call; stopped when the JVM exits. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a throw-away PostgreSQL cluster: " + e.getMessage(), e);
            }
            PostgresCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "pg-test-cluster-stop"));
        }
        return shared;
    }

    /** True when PostgreSQL's server binaries can be found on this machine. */
    public static boolean available() {
        return findBinDir() != null;
    }

    private static PostgresCluster start() throws IOException {
        Path binDir = findBinDir();
        if (binDir == null) {
            throw new IOException("no initdb/pg_ctl found on PATH nor under /usr/lib/postgresql/*/bin: install"
                    + " Debian's postgresql package");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("pmr-pg-");
        String password = "pw" + Long.toHexString(new SplittableRandom(dir.hashCode()).nextLong() | 1L << 60);
        Path pwFile = dir.resolve("pw");
        Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
        if (root) {
            // the postgres user must own the folder (and read the password file) to run initdb and the server in it
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            run(dir, List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        PostgresCluster cluster = null;
        IOException last = null;
        // an ephemeral port found free may be taken before the server binds it: try a few
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            cluster = new PostgresCluster(dir, binDir, port, password, root);
            try {
                if (attempt == 0) {
                    cluster.bin("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--pwfile=" + pwFile,
                            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
                }
                cluster.bin("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                        "-w", "-t", "60", "start", "-o", String.format(Locale.ROOT,
                                "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                                        + " -c full_page_writes=off -c max_connections=200",
                                port, dir));
                return cluster;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A new, empty database owned by the cluster's user; its name is unique in this JVM. */
    public String createDatabase() {
        String name = "pmr_test_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), credentials());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** pmr's form of a database's address: {@code postgresql://127.0.0.1:PORT/NAME}. */
    public String url(String database) {
        return String.format(Locale.ROOT, "postgresql://127.0.0.1:%d/%s", port, database);
    }

    /** The JDBC URL of a database of this cluster. */
    public String jdbcUrl(String database) {
        return "jdbc:" + url(database);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** {@code user} and {@code password} for {@link DriverManager#getConnection(String, Properties)}. */
    public Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        return properties;
    }

    /** Stops the server (fast shutdown) and deletes its folder; idempotent. */
    public synchronized void stop() {
        if (!Files.isDirectory(dir.resolve("data"))) {
            return;
        }
        try {
            bin("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-m", "fast", "stop");
        } catch (IOException e) {
            System.err.println("stopping the test PostgreSQL cluster failed: " + e.getMessage());
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("deleting " + dir + " failed: " + e.getMessage());
        }
    }

    private void bin(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binDir.resolve(program).toString());
        command.addAll(List.of(args));
        run(dir, command, true);
    }

    private static void run(Path dir, List<String> command, boolean logToFile) throws IOException {
        Path log = Files.createTempFile("pmr-pg-cmd", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                String serverLog = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log"))
                        : "";
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log)
                        + (serverLog.isEmpty() ? "" : "\nserver log:\n" + serverLog));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path findBinDir() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(":")) {
                Path candidate = Path.of(entry.isEmpty() ? "." : entry);
                if (Files.isExecutable(candidate.resolve("initdb")) && Files.isExecutable(candidate.resolve("pg_ctl"))) {
                    // Debian links initdb into PATH: resolve to the real folder, where pg_ctl's postgres also lives
                    try {
                        return candidate.resolve("initdb").toRealPath().getParent();
                    } catch (IOException e) {
                        return candidate;
                    }
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> majorOf(bin.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int majorOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
