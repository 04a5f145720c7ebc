package io.pmr.launcher;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The rows the benchmarks' plain-JDBC baselines insert ({@code bench store}'s raw side and {@code bench ingest
 * --floor}): an envelope's key row and its minute rows, in the store's own columns, a minute row's ordinal its
 * interval's index in the envelope, through a connection set up as the store sets up its own. One place, so the two
 * baselines open, bind and insert alike. Stateless.
 */
final class RawRows {
    /** The store's page cache ({@code SqliteConnections.PAGE_CACHE_KIB}), in KiB. */
    private static final int PAGE_CACHE_KIB = 64 * 1024;

    /** The envelope key row's insert; a baseline that may meet a key twice appends {@code ON CONFLICT DO NOTHING}. */
    static final String INSERT_KEY_SQL = "INSERT INTO envelope (agent_id, boot_epoch, sequence, body_kind,"
            + " created_epoch_millis, received_epoch_millis, payload_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** The minute row's insert both baselines prepare. */
    static final String INSERT_INTERVAL_SQL = "INSERT INTO interval_report (agent_id, boot_epoch, sequence, ordinal,"
            + " measure_id, scope, interval_start_epoch_millis, interval_length_millis, trt_millis, events,"
            + " within_trt, timed_out, failed, histogram, histogram_unit)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RawRows() {
    }

    /**
     * A connection to {@code file} (which holds the store's schema) as the store opens its own
     * ({@code SqliteConnections}): no generated keys fetched after each insert, WAL, {@code synchronous=FULL}, the
     * same page cache; auto-commit off.
     */
    static Connection open(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA cache_size=-" + PAGE_CACHE_KIB);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Binds an intervals envelope's key row (agent id, boot epoch, sequence, body kind, created and received times,
     * the payload's SHA-256) to an insert of those seven columns; the caller executes it.
     */
    static void bindKey(PreparedStatement insert, Envelope envelope, long receivedEpochMillis, byte[] sha256)
            throws SQLException {
        insert.setString(1, envelope.getAgentId());
        insert.setLong(2, envelope.getBootEpoch());
        insert.setLong(3, envelope.getSequence());
        insert.setString(4, "INTERVALS");
        insert.setLong(5, envelope.getCreatedEpochMillis());
        insert.setLong(6, receivedEpochMillis);
        insert.setBytes(7, sha256);
    }

    /** Binds interval {@code ordinal} of {@code envelope} (with its histogram's bytes) and adds it to the batch. */
    static void addRow(PreparedStatement insert, Envelope envelope, int ordinal, IntervalReport report,
            byte[] histogram) throws SQLException {
        insert.setString(1, envelope.getAgentId());
        insert.setLong(2, envelope.getBootEpoch());
        insert.setLong(3, envelope.getSequence());
        insert.setInt(4, ordinal);
        insert.setString(5, report.getMeasureId());
        insert.setString(6, report.getScope());
        insert.setLong(7, report.getIntervalStartEpochMillis());
        insert.setLong(8, report.getIntervalLengthMillis());
        insert.setLong(9, report.getTrtMillis());
        insert.setLong(10, report.getEvents());
        insert.setLong(11, report.getWithinTrt());
        insert.setLong(12, report.getTimedOut());
        insert.setLong(13, report.getFailed());
        insert.setBytes(14, histogram);
        insert.setInt(15, report.getHistogramUnitValue());
        insert.addBatch();
    }
}
