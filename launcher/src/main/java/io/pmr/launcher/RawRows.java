package io.pmr.launcher;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The rows the benchmarks' plain-JDBC baselines insert ({@code bench store}'s raw side and {@code bench ingest
 * --floor}): an envelope's key row and its minute rows, in the store's own columns, a minute row's ordinal its
 * interval's index in the envelope. One place, so the two baselines bind the same rows the same way. Stateless.
 */
final class RawRows {
    /** The minute row's insert both baselines prepare. */
    static final String INSERT_INTERVAL_SQL = "INSERT INTO interval_report (agent_id, boot_epoch, sequence, ordinal,"
            + " measure_id, scope, interval_start_epoch_millis, interval_length_millis, trt_millis, events,"
            + " within_trt, timed_out, failed, histogram, histogram_unit)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RawRows() {
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
