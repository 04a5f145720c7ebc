package io.pmr.collector.store;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Intervals an agent measured twice: the same agent id, measure, scope and interval, with exactly the same counts and
 * histogram, already stored under <b>another</b> boot epoch of that agent. That is what a reinstalled agent (a fresh
 * data dir, so no sent-interval ledger) sends when it measures a replayable source again from its start, and what an
 * agent sends again for an outbox record it set aside as damaged. Such an interval is not added to the figures a
 * second time; it is recorded in {@code replayed_interval} (its key, and the epoch that holds the original) so the
 * decision is traceable. Different content under the same interval (two hosts measuring different hubs under one id)
 * is never taken for a replay. Not thread-safe: used inside {@link SqliteStore}'s lock and transaction.
 *
 * <p>The per-interval search is skipped for an agent id whose stored intervals all belong to the envelope's own boot
 * epoch (the usual case: one install per agent id), which is remembered per agent id after one indexed look at the
 * store. That look reads the envelope table's key, not interval_report (schema 11: a new file's interval_report has no
 * key by agent): "an intervals envelope stored under another boot epoch of the agent" is a conservative "another epoch
 * may hold the interval", since interval rows are only ever inserted with a newly stored envelope of kind INTERVALS
 * (one whose intervals were all replays, or that had none, makes it search for nothing). That memory only ever claims
 * "a single epoch" while it holds: every interval row is inserted through {@link SqliteEnvelopeWriter}, which stores
 * the envelope's key and then asks here, so a second epoch is seen when its first interval arrives; a rolled-back
 * transaction leaves fewer rows, for which the claim still holds. A shared store (PostgreSQL, several
 * collectors) breaks that premise, since another collector may insert a second epoch's rows: there the memory of a
 * single epoch lasts one write batch ({@link #beginBatch}), whose REPEATABLE READ snapshot it is true of; "several epochs"
 * stays true for good either way.
 *
 * <p>The writer defers its interval inserts to one JDBC batch per write batch; every search of interval_report here
 * first runs {@code beforeSearch}, which executes what is deferred, so a search sees every interval inserted before it
 * (one of an earlier envelope of the same batch included). The epoch look needs no such flush: the writer inserts each
 * envelope key at once.
 */
final class SqliteReplays implements AutoCloseable {
    /**
     * Has an intervals envelope of this agent been stored under a lower boot epoch? A seek on the envelope's primary key
     * (agent_id, boot_epoch, sequence), then the agent's envelopes of other epochs in key order until one of intervals:
     * a few, as a boot's status envelopes come before its intervals. Parameters: agent id, boot epoch.
     */
    static final String LOWER_EPOCH_SQL = "SELECT 1 FROM envelope WHERE agent_id = ? AND boot_epoch < ?"
            + " AND body_kind = 'INTERVALS' LIMIT 1";
    /** As {@link #LOWER_EPOCH_SQL}, under a higher boot epoch. */
    static final String HIGHER_EPOCH_SQL = "SELECT 1 FROM envelope WHERE agent_id = ? AND boot_epoch > ?"
            + " AND body_kind = 'INTERVALS' LIMIT 1";
    private final PreparedStatement findSame;
    private final PreparedStatement insertReplay;
    private final PreparedStatement lowerEpoch;
    private final PreparedStatement higherEpoch;
    /** Agent ids whose stored intervals (if any) all belong to this one boot epoch. */
    private final Map<String, Long> soleEpoch = new HashMap<>();
    /** Agent ids with intervals stored under more than one boot epoch: every interval is searched. */
    private final Set<String> severalEpochs = new HashSet<>();
    /** Other writers may add intervals: a remembered single epoch holds for one batch only. */
    private final boolean shared;
    /** Executes the interval inserts the writer has deferred; run before every search of interval_report. */
    private final SqlAction beforeSearch;

    /** Something to run against the store before a search. */
    @FunctionalInterface
    interface SqlAction {
        void run() throws SQLException;
    }

    SqliteReplays(Connection connection, boolean shared, SqlAction beforeSearch) throws SQLException {
        this.shared = shared;
        this.beforeSearch = beforeSearch;
        // interval_report_measure (measure_id, interval_start_epoch_millis) leads the search: a minute of one measure
        findSame = connection.prepareStatement("SELECT boot_epoch FROM interval_report WHERE measure_id = ?"
                + " AND interval_start_epoch_millis = ? AND agent_id = ? AND scope = ? AND boot_epoch <> ?"
                + " AND interval_length_millis = ? AND trt_millis = ? AND events = ? AND within_trt = ?"
                + " AND timed_out = ? AND failed = ? AND histogram IS NOT DISTINCT FROM ? AND histogram_unit = ?"
                + " LIMIT 1");
        insertReplay = connection.prepareStatement("INSERT INTO replayed_interval (agent_id, boot_epoch, sequence,"
                + " ordinal, measure_id, scope, interval_start_epoch_millis, events, original_boot_epoch)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        lowerEpoch = connection.prepareStatement(LOWER_EPOCH_SQL);
        higherEpoch = connection.prepareStatement(HIGHER_EPOCH_SQL);
    }

    /** Starts a write batch: on a shared store, forgets which agents had a single epoch (others may have written). */
    void beginBatch() {
        if (shared) {
            soleEpoch.clear();
        }
    }

    /** The boot epoch that already holds this very interval, if another epoch of the agent sent it. */
    OptionalLong originalEpoch(Envelope envelope, IntervalReport report) throws SQLException {
        if (!anotherEpochMayHold(envelope.getAgentId(), envelope.getBootEpoch())) {
            return OptionalLong.empty();
        }
        beforeSearch.run();
        findSame.setString(1, report.getMeasureId());
        findSame.setLong(2, report.getIntervalStartEpochMillis());
        findSame.setString(3, envelope.getAgentId());
        findSame.setString(4, report.getScope());
        findSame.setLong(5, envelope.getBootEpoch());
        findSame.setLong(6, report.getIntervalLengthMillis());
        findSame.setLong(7, report.getTrtMillis());
        findSame.setLong(8, report.getEvents());
        findSame.setLong(9, report.getWithinTrt());
        findSame.setLong(10, report.getTimedOut());
        findSame.setLong(11, report.getFailed());
        if (report.getHistogram().isEmpty()) {
            findSame.setNull(12, java.sql.Types.VARBINARY);
        } else {
            findSame.setBytes(12, report.getHistogram().toByteArray());
        }
        findSame.setInt(13, report.getHistogramUnitValue());
        try (ResultSet rs = findSame.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    /** False only when every interval stored for the agent id is of this boot epoch (or none is stored). */
    private boolean anotherEpochMayHold(String agentId, long bootEpoch) throws SQLException {
        if (severalEpochs.contains(agentId)) {
            return true;
        }
        Long sole = soleEpoch.get(agentId);
        if (sole != null && sole == bootEpoch) {
            return false;
        }
        if (sole != null || exists(lowerEpoch, agentId, bootEpoch) || exists(higherEpoch, agentId, bootEpoch)) {
            soleEpoch.remove(agentId);
            severalEpochs.add(agentId);
            return true;
        }
        soleEpoch.put(agentId, bootEpoch);
        return false;
    }

    private boolean exists(PreparedStatement query, String agentId, long bootEpoch) throws SQLException {
        query.setString(1, agentId);
        query.setLong(2, bootEpoch);
        try (ResultSet rs = query.executeQuery()) {
            return rs.next();
        }
    }

    void record(Envelope envelope, int ordinal, IntervalReport report, long originalEpoch) throws SQLException {
        insertReplay.setString(1, envelope.getAgentId());
        insertReplay.setLong(2, envelope.getBootEpoch());
        insertReplay.setLong(3, envelope.getSequence());
        insertReplay.setInt(4, ordinal);
        insertReplay.setString(5, report.getMeasureId());
        insertReplay.setString(6, report.getScope());
        insertReplay.setLong(7, report.getIntervalStartEpochMillis());
        insertReplay.setLong(8, report.getEvents());
        insertReplay.setLong(9, originalEpoch);
        insertReplay.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        findSame.close();
        insertReplay.close();
        lowerEpoch.close();
        higherEpoch.close();
    }
}
