package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.PeriodData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reads of what ingest stored that are not a measure's data: an agent's held keys, a period's interval and exclusion
 * sums (overflow-safe, {@link ExactSums}) beside the declarations and watermarks ({@link SourceCache}), the envelope
 * count and the quarantine. Each runs inside the caller's transaction ({@link SqliteStore} holds the lock and commits).
 */
final class SqliteEnvelopeReads {
    /**
     * Both halves are searches of an index led by agent_id (the envelope primary key, the quarantine_key index), so
     * loading one agent's keys does not scan other agents' rows.
     */
    static final String HELD_KEYS_SQL = "SELECT boot_epoch, sequence FROM envelope WHERE agent_id = ?"
            + " UNION ALL SELECT boot_epoch, sequence FROM quarantine WHERE agent_id = ?"
            + " AND boot_epoch IS NOT NULL AND sequence IS NOT NULL";

    private SqliteEnvelopeReads() {
    }

    /** {@link Store#heldKeys}: the agent's stored keys and keyed quarantined ones. */
    static List<EnvelopeKey> heldKeys(Connection connection, String agentId) throws SQLException {
        List<EnvelopeKey> keys = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(HELD_KEYS_SQL)) {
            query.setString(1, agentId);
            query.setString(2, agentId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(new EnvelopeKey(agentId, rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return keys;
    }

    /** A range's sums and exclusions, with the declarations and watermarks read once ({@link SourceCache}). */
    static PeriodData periodData(Connection connection, Dialect dialect, long fromEpochMillis, long toEpochMillis,
            SourceCache.Sources sources) throws SQLException {
        Map<String, MeasureCounts> counts = new TreeMap<>();
        UkDaySpan span = UkDaySpan.of(fromEpochMillis, toEpochMillis);
        if (span.hasHead()) {
            addMinuteCounts(connection, dialect, fromEpochMillis, span.daysFromEpochMillis(), counts);
        }
        if (span.hasDays()) {
            new SqliteRollupReads(connection).addCountsByMeasure(span.daysFromEpochMillis(), span.daysToEpochMillis(),
                    counts);
        }
        if (span.hasTail()) {
            addMinuteCounts(connection, dialect, span.daysToEpochMillis(), toEpochMillis, counts);
        }
        Map<String, Map<String, Long>> exclusions = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT measure_id, reason, "
                + ExactSums.sumOf("count")
                + " FROM exclusion WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
                + " GROUP BY measure_id, reason")) {
            query.setLong(1, fromEpochMillis);
            query.setLong(2, toEpochMillis);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    exclusions.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .put(rs.getString(2), ExactSums.read(rs, 3, "exclusion counts of " + rs.getString(1)));
                }
            }
        }
        return new PeriodData(counts, exclusions, sources.declaredBy(), sources.watermarks());
    }

    /**
     * Each measure's sums of the minute rows starting in a range (parameters: from, to), in the engine's form. A
     * search of interval_report_measure per measure ({@link IntervalMeasures}): schema 12 has no index led by the
     * start. Package-private for the query-plan test.
     */
    static String minuteCountsSql(Dialect dialect) {
        return IntervalMeasures.WITH + " SELECT measure_id, "
                + ExactSums.sumOf("events") + ", " + ExactSums.sumOf("within_trt") + ", "
                + ExactSums.sumOf("timed_out") + ", " + ExactSums.sumOf("failed") + " FROM interval_report"
                + " WHERE " + IntervalMeasures.in(dialect, "measure_id")
                + " AND interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
                + " GROUP BY measure_id";
    }

    /** Each measure's sums of the minute rows starting in the range (a partial day), added into {@code counts}. */
    private static void addMinuteCounts(Connection connection, Dialect dialect, long fromEpochMillis,
            long toEpochMillis,
            Map<String, MeasureCounts> counts) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(minuteCountsSql(dialect))) {
            query.setLong(1, fromEpochMillis);
            query.setLong(2, toEpochMillis);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String measure = rs.getString(1);
                    MeasureCounts part = ExactSums.counts(rs, 2, "interval counts of " + measure);
                    counts.merge(measure, part, (x, y) -> {
                        try {
                            return x.plus(y);
                        } catch (ArithmeticException e) {
                            throw new StoreException("the stored interval counts of " + measure + " sum beyond 2^63-1");
                        }
                    });
                }
            }
        }
    }

    static long envelopeCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM envelope")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<QuarantinedMessage> quarantined(Connection connection, int limit) throws SQLException {
        List<QuarantinedMessage> messages = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id, topic, reason, detail, agent_id,"
                + " boot_epoch, sequence, payload_size, payload, received_epoch_millis FROM quarantine"
                + " ORDER BY id LIMIT ?")) {
            query.setInt(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String agentId = rs.getString(5);
                    EnvelopeKey key = agentId == null ? null : new EnvelopeKey(agentId, rs.getLong(6), rs.getLong(7));
                    messages.add(new QuarantinedMessage(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), key, rs.getInt(8), rs.getBytes(9), rs.getLong(10)));
                }
            }
        }
        return messages;
    }
}
