package io.pmr.launcher;

import io.pmr.testkit.PostgresCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One PostgreSQL database of the testkit's throw-away cluster that a run's collectors share: the {@code --db} and
 * {@code --db-password-file} arguments every {@code pmr collector} command of the run gets, and what the test reads
 * from it beside the running collectors (plain JDBC, read only). The password is in a file (mode of a temp folder),
 * never on a command line. Not thread-safe: the test thread uses it.
 */
final class SharedStore {
    /** The cluster and the file holding its password. */
    record Server(PostgresCluster cluster, Path passwordFile) {
        static Server of(PostgresCluster cluster, Path dir) throws IOException {
            return new Server(cluster, Files.writeString(dir.resolve("postgres.pw"), cluster.password() + "\n",
                    StandardCharsets.UTF_8));
        }

        /** A new, empty database of the cluster (the collectors create the schema when they first open it). */
        SharedStore newDatabase() {
            return new SharedStore(this, cluster.createDatabase());
        }
    }

    /**
     * @param rows envelope rows in the store
     * @param keys every envelope key, {@code agent/epoch/sequence}, with its payload's SHA-256 in hex and body kind
     */
    record Contents(long rows, Map<String, String> keys) {
    }

    private final Server server;
    private final String database;

    private SharedStore(Server server, String database) {
        this.server = server;
        this.database = database;
    }

    /** {@code postgresql://USER@127.0.0.1:PORT/DB}: the user in the URL, the password in the file. */
    String url() {
        return "postgresql://" + server.cluster().user() + "@127.0.0.1:" + server.cluster().port() + "/" + database;
    }

    /** The store arguments of every {@code pmr collector} command on this database. */
    List<String> arguments() {
        return List.of("--db", url(), "--db-password-file", server.passwordFile().toString());
    }

    /** Envelopes stored so far (0 before the first collector created the schema). */
    long envelopes() throws SQLException {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT to_regclass('envelope') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0;
            }
        }
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM envelope")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every envelope row and key, read in one statement. */
    Contents contents() throws SQLException {
        Map<String, String> keys = new HashMap<>();
        long rows = 0;
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT agent_id, boot_epoch, sequence,"
                     + " encode(payload_sha256, 'hex'), body_kind FROM envelope")) {
            while (rs.next()) {
                rows++;
                keys.put(rs.getString(1) + "/" + Long.toUnsignedString(rs.getLong(2)) + "/"
                        + Long.toUnsignedString(rs.getLong(3)),
                        (rs.getString(4) == null ? "" : rs.getString(4)) + " " + rs.getString(5));
            }
        }
        return new Contents(rows, keys);
    }

    /** Runs {@code pmr collector report --format json} on this database (a process of the run); its stdout. */
    String report(FaultRun run) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("collector", "report", "--period",
                FaultRig.PERIOD.toString(), "--format", "json"));
        args.addAll(arguments());
        FaultProcess report = run.track(FaultProcess.pmr("report", run.dir(), args));
        int from = report.stdout().length();
        report.start();
        assertEquals(0, report.awaitExit(Duration.ofMinutes(2)), "pmr collector report --db " + url()
                + " exits 0: " + report.stderr());
        return report.stdout().substring(from);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(server.cluster().jdbcUrl(database), server.cluster().credentials());
    }
}
