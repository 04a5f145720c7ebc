package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.ExclusionCount;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.MeasureSource;
import io.pmr.proto.v1.MeasureWatermark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts one envelope's key and data with statements prepared once per connection. Not thread-safe: used inside
 * {@link SqliteStore}'s lock, within its transaction.
 *
 * <p>The interval and exclusion rows of a write batch are one JDBC batch each, executed by {@link #finishBatch} (or
 * earlier: when {@link SqliteReplays} is about to search interval_report, or {@link #MAX_PENDING_ROWS} rows wait), not
 * one per envelope: the driver's per-execution cost (a call, a result array, a reset) is paid once per commit of small
 * envelopes. Nothing else reads those tables inside a write batch; the rows are in the same transaction either way, so
 * what is stored, and when, does not change.
 */
final class SqliteEnvelopeWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteEnvelopeWriter.class);
    private final PreparedStatement insertKey;
    private final PreparedStatement selectKey;
    private final PreparedStatement insertInterval;
    private final PreparedStatement insertExclusion;
    private final PreparedStatement insertStatus;
    private final PreparedStatement insertDeclared;
    private final PreparedStatement upsertWatermark;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertQuarantine;
    private final PreparedStatement insertDownWindow;
    private final SqliteReplays replays;
    private final SqliteRollups rollups;
    private final SqliteDerivedWriter derived;
    private final SqliteConflicts conflicts;
    /** PostgreSQL's month partitions of interval_report; null on SQLite (one table). */
    private final MonthPartitions partitions;
    /**
     * Deferred rows executed once this many are waiting: the driver holds each row's values (boxed) until it executes
     * them, so a batch of hourly envelopes (500 x 60 rows) would keep them all on the heap; a thousand rows already
     * share one execution widely.
     */
    static final int MAX_PENDING_ROWS = 1024;
    /** Interval and exclusion rows added to their JDBC batches and not yet executed. */
    private int pendingIntervals;
    private int pendingExclusions;

    SqliteEnvelopeWriter(Connection connection, SqliteConflicts conflicts, Dialect dialect) throws SQLException {
        this.conflicts = conflicts;
        this.partitions = dialect == Dialect.POSTGRESQL ? new MonthPartitions(connection) : null;
        replays = new SqliteReplays(connection, dialect == Dialect.POSTGRESQL, this::executePending);
        derived = new SqliteDerivedWriter(connection);
        rollups = new SqliteRollups(connection, derived, dialect == Dialect.SQLITE);
        insertKey = connection.prepareStatement("INSERT INTO envelope (agent_id, boot_epoch, sequence, body_kind,"
                + " created_epoch_millis, received_epoch_millis, payload_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING");
        selectKey = connection.prepareStatement(
                "SELECT 1 FROM envelope WHERE agent_id = ? AND boot_epoch = ? AND sequence = ?");
        insertInterval = connection.prepareStatement("INSERT INTO interval_report (agent_id, boot_epoch, sequence,"
                + " ordinal, measure_id, scope, interval_start_epoch_millis, interval_length_millis, trt_millis, events,"
                + " within_trt, timed_out, failed, histogram, histogram_unit)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertExclusion = connection.prepareStatement("INSERT INTO exclusion (agent_id, boot_epoch, sequence, ordinal,"
                + " measure_id, scope, interval_start_epoch_millis, reason, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertStatus = connection.prepareStatement("INSERT INTO agent_status (agent_id, boot_epoch, sequence, state,"
                + " software_version, region) VALUES (?, ?, ?, ?, ?, ?)");
        insertDeclared = connection.prepareStatement("INSERT INTO declared_measure (agent_id, boot_epoch,"
                + " sequence, measure_id, trt_millis) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        upsertWatermark = connection.prepareStatement("INSERT INTO watermark (agent_id, measure_id,"
                + " final_through_epoch_millis, boot_epoch, sequence) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (agent_id, measure_id) DO UPDATE SET"
                + " final_through_epoch_millis = excluded.final_through_epoch_millis,"
                + " boot_epoch = excluded.boot_epoch, sequence = excluded.sequence"
                + " WHERE excluded.final_through_epoch_millis > watermark.final_through_epoch_millis");
        insertEvent = connection.prepareStatement("INSERT INTO event_record (agent_id, boot_epoch, sequence, ordinal,"
                + " measure_id, device_id, message_id, start_epoch_millis, end_epoch_millis, outcome, latency_micros,"
                + " outage_id, payload_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertDownWindow = connection.prepareStatement("INSERT INTO down_window (agent_id, boot_epoch, sequence,"
                + " ordinal, measure_id, start_epoch_millis, end_epoch_millis) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insertQuarantine = connection.prepareStatement("INSERT INTO quarantine (received_epoch_millis, topic, reason,"
                + " detail, agent_id, boot_epoch, sequence, payload_size, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Starts a write batch (one transaction): call before its first {@link #accept}. Drops the deferred rows a failed
     * batch left (its transaction was rolled back: they must never run).
     */
    void beginBatch() throws SQLException {
        dropPending();
        rollups.begin();
        replays.beginBatch();
    }

    /** The batch's transaction was rolled back: forgets what it may have created (partitions) or changed (rollups). */
    void rolledBack() {
        if (partitions != null) {
            partitions.forget();
        }
        rollups.forgetKept();
    }

    /** The batch's transaction committed: the rollups it wrote are kept for the next batches. */
    void committed() {
        rollups.committed();
    }

    /** Something other than a batch rewrote the rollups on this connection (rebuild-rollups): nothing kept holds. */
    void rollupsRewritten() {
        rollups.forgetKept();
    }

    /** Writes what the batch merged in memory (its daily rollups): call after its last write, before the commit. */
    void finishBatch() throws SQLException {
        executePending();
        rollups.flush();
    }

    /** Executes the deferred interval and exclusion inserts of this batch. */
    private void executePending() throws SQLException {
        if (pendingIntervals > 0) {
            pendingIntervals = 0;
            insertInterval.executeBatch();
        }
        if (pendingExclusions > 0) {
            pendingExclusions = 0;
            insertExclusion.executeBatch(); // the driver builds a result array even for an empty batch
        }
    }

    /** Forgets deferred inserts not executed (a failed batch's). */
    private void dropPending() throws SQLException {
        if (pendingIntervals > 0) {
            pendingIntervals = 0;
            insertInterval.clearBatch();
        }
        if (pendingExclusions > 0) {
            pendingExclusions = 0;
            insertExclusion.clearBatch();
        }
    }

    /**
     * Records the key with the payload's hash: {@link WriteOutcome#STORED} when it was new (then the data has been
     * added too), else {@link WriteOutcome#DUPLICATE} or {@link WriteOutcome#CONFLICT} ({@link SqliteConflicts#compare}).
     */
    WriteOutcome accept(StoreWrite.Accept write) throws SQLException {
        Envelope envelope = write.envelope();
        if (envelope.getAgentId().isEmpty()) {
            throw new IllegalArgumentException("envelope without agent id");
        }
        if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            throw new IllegalArgumentException("envelope " + envelope.getAgentId() + " without body");
        }
        insertKey.setString(1, envelope.getAgentId());
        insertKey.setLong(2, envelope.getBootEpoch());
        insertKey.setLong(3, envelope.getSequence());
        insertKey.setString(4, envelope.getBodyCase().name());
        insertKey.setLong(5, envelope.getCreatedEpochMillis());
        insertKey.setLong(6, write.receivedEpochMillis());
        PreparedEnvelope prepared = write.prepared();
        insertKey.setBytes(7, prepared != null ? prepared.payloadSha256() : conflicts.hash(write.payload()));
        if (insertKey.executeUpdate() == 0) {
            EnvelopeKey key = new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
            return conflicts.compare(key, write.payload(), write.receivedEpochMillis());
        }
        switch (envelope.getBodyCase()) {
            case STATUS -> addStatus(envelope, envelope.getStatus());
            case INTERVALS -> {
                addIntervals(envelope, prepared);
                addRecords(envelope, envelope.getIntervals().getRecordsList());
                addDownWindows(envelope);
                addWatermarks(envelope);
            }
            case EVENTS -> addRecords(envelope, envelope.getEvents().getRecordsList());
            default -> throw new IllegalStateException("unreachable: " + envelope.getBodyCase());
        }
        return WriteOutcome.STORED;
    }

    /** A message taken for a duplicate: DUPLICATE, CONFLICT or ABSENT ({@link SqliteConflicts#compare}). */
    WriteOutcome duplicate(StoreWrite.Duplicate write) throws SQLException {
        return conflicts.compare(write.key(), write.payload(), write.receivedEpochMillis());
    }

    /** True when the key is stored (committed, or added earlier in the current transaction). */
    boolean isStored(EnvelopeKey key) throws SQLException {
        selectKey.setString(1, key.agentId());
        selectKey.setLong(2, key.bootEpoch());
        selectKey.setLong(3, key.sequence());
        try (var rs = selectKey.executeQuery()) {
            return rs.next();
        }
    }

    void quarantine(StoreWrite.Quarantine write) throws SQLException {
        insertQuarantine.setLong(1, write.receivedEpochMillis());
        insertQuarantine.setString(2, write.topic());
        insertQuarantine.setString(3, write.reason());
        insertQuarantine.setString(4, write.detail());
        EnvelopeKey key = write.key();
        if (key == null) {
            insertQuarantine.setNull(5, Types.VARCHAR);
            insertQuarantine.setNull(6, Types.BIGINT);
            insertQuarantine.setNull(7, Types.BIGINT);
        } else {
            insertQuarantine.setString(5, key.agentId());
            insertQuarantine.setLong(6, key.bootEpoch());
            insertQuarantine.setLong(7, key.sequence());
        }
        insertQuarantine.setInt(8, write.payloadSize());
        insertQuarantine.setBytes(9, write.payloadPrefix());
        insertQuarantine.executeUpdate();
    }

    private void addStatus(Envelope envelope, AgentStatus status) throws SQLException {
        setKey(insertStatus, envelope);
        insertStatus.setString(4, status.getState().name());
        insertStatus.setString(5, status.getSoftwareVersion());
        insertStatus.setString(6, status.getRegion());
        insertStatus.executeUpdate();
        for (MeasureSource source : status.getMeasuresList()) {
            setKey(insertDeclared, envelope);
            insertDeclared.setString(4, source.getMeasureId());
            insertDeclared.setLong(5, source.getTrtMillis());
            insertDeclared.addBatch();
        }
        insertDeclared.executeBatch();
    }

    /**
     * The interval rows and, in the same transaction, their daily rollups ({@link SqliteRollups}: merged for the whole
     * batch); both written by {@link #finishBatch}, the rows also before a replay search.
     */
    private void addIntervals(Envelope envelope, PreparedEnvelope prepared) throws SQLException {
        int ordinal = 0;
        int replayed = 0;
        for (IntervalReport report : envelope.getIntervals().getIntervalsList()) {
            java.util.OptionalLong original = replays.originalEpoch(envelope, report);
            if (original.isPresent()) {
                // measured again by another boot of this agent (a reinstall replaying its source): counted once
                replays.record(envelope, ordinal, report, original.getAsLong());
                replayed++;
                ordinal++;
                continue;
            }
            if (partitions != null) {
                partitions.ensure(report.getIntervalStartEpochMillis());
            }
            setKey(insertInterval, envelope);
            insertInterval.setInt(4, ordinal);
            insertInterval.setString(5, report.getMeasureId());
            insertInterval.setString(6, report.getScope());
            insertInterval.setLong(7, report.getIntervalStartEpochMillis());
            insertInterval.setLong(8, report.getIntervalLengthMillis());
            insertInterval.setLong(9, report.getTrtMillis());
            insertInterval.setLong(10, report.getEvents());
            insertInterval.setLong(11, report.getWithinTrt());
            insertInterval.setLong(12, report.getTimedOut());
            insertInterval.setLong(13, report.getFailed());
            // one copy out of the message, for the row and the rollup
            byte[] histogram = report.getHistogram().isEmpty() ? null : report.getHistogram().toByteArray();
            if (histogram == null) {
                insertInterval.setNull(14, Types.VARBINARY);
            } else {
                insertInterval.setBytes(14, histogram);
            }
            insertInterval.setInt(15, report.getHistogramUnitValue());
            insertInterval.addBatch();
            pendingIntervals++;
            rollups.add(envelope, report, histogram, prepared, ordinal);
            for (ExclusionCount exclusion : report.getExcludedList()) {
                setKey(insertExclusion, envelope);
                insertExclusion.setInt(4, ordinal);
                insertExclusion.setString(5, report.getMeasureId());
                insertExclusion.setString(6, report.getScope());
                insertExclusion.setLong(7, report.getIntervalStartEpochMillis());
                insertExclusion.setString(8, exclusion.getReason());
                insertExclusion.setLong(9, exclusion.getCount());
                insertExclusion.addBatch();
                pendingExclusions++;
            }
            ordinal++;
        }
        if (pendingIntervals + pendingExclusions >= MAX_PENDING_ROWS) {
            executePending();
        }
        if (replayed > 0) {
            LOG.warn("Agent '{}' epoch {} seq {}: {} interval(s) already stored with the same content under another"
                    + " boot epoch of this agent (a reinstall measuring its source again?): kept in replayed_interval,"
                    + " not counted twice", envelope.getAgentId(), Long.toUnsignedString(envelope.getBootEpoch()),
                    Long.toUnsignedString(envelope.getSequence()), replayed);
        }
    }

    private void addWatermarks(Envelope envelope) throws SQLException {
        for (MeasureWatermark watermark : envelope.getIntervals().getWatermarksList()) {
            upsertWatermark.setString(1, envelope.getAgentId());
            upsertWatermark.setString(2, watermark.getMeasureId());
            upsertWatermark.setLong(3, watermark.getFinalThroughEpochMillis());
            upsertWatermark.setLong(4, envelope.getBootEpoch());
            upsertWatermark.setLong(5, envelope.getSequence());
            upsertWatermark.executeUpdate();
        }
    }

    /**
     * The per-device records of an events body, or of an intervals body (which carries them with the watermark that
     * passes them: same transaction, so a watermark is never stored without its records).
     */
    private void addRecords(Envelope envelope, List<EventRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        int ordinal = 0;
        for (EventRecord record : records) {
            setKey(insertEvent, envelope);
            insertEvent.setInt(4, ordinal++);
            insertEvent.setString(5, record.getMeasureId());
            insertEvent.setString(6, record.getDeviceId());
            insertEvent.setString(7, record.getMessageId());
            insertEvent.setLong(8, record.getStartEpochMillis());
            insertEvent.setLong(9, record.getEndEpochMillis());
            insertEvent.setString(10, record.getOutcome().name());
            insertEvent.setLong(11, record.getLatencyMicros());
            insertEvent.setString(12, record.getOutageId());
            insertEvent.setString(13, record.getPayloadId());
            insertEvent.addBatch();
            derived.record(envelope.getAgentId(), record.getMeasureId(), record.getStartEpochMillis());
        }
        insertEvent.executeBatch();
    }

    /** The down windows of an intervals body, in the transaction of the watermarks that pass them. */
    private void addDownWindows(Envelope envelope) throws SQLException {
        List<DownWindow> windows = envelope.getIntervals().getDownWindowsList();
        if (windows.isEmpty()) {
            return;
        }
        int ordinal = 0;
        for (DownWindow window : windows) {
            setKey(insertDownWindow, envelope);
            insertDownWindow.setInt(4, ordinal++);
            insertDownWindow.setString(5, window.getMeasureId());
            insertDownWindow.setLong(6, window.getStartEpochMillis());
            insertDownWindow.setLong(7, window.getEndEpochMillis());
            insertDownWindow.addBatch();
        }
        insertDownWindow.executeBatch();
    }

    private static void setKey(PreparedStatement statement, Envelope envelope) throws SQLException {
        statement.setString(1, envelope.getAgentId());
        statement.setLong(2, envelope.getBootEpoch());
        statement.setLong(3, envelope.getSequence());
    }

    @Override
    public void close() throws SQLException {
        replays.close();
        rollups.close();
        derived.close();
        for (PreparedStatement statement : new PreparedStatement[] {insertKey, selectKey, insertInterval, insertExclusion,
                insertStatus, insertDeclared, upsertWatermark, insertEvent, insertQuarantine, insertDownWindow}) {
            statement.close();
        }
    }
}
