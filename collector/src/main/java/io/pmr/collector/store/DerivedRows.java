package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows derived from the daily rollups beside the totals: {@code first_data} (per agent and measure, the earliest
 * interval minute or device record start) and {@code agent_day} (per agent and UK day, each measure's minutes). Built
 * from a stream of rollups, as a fresh aggregation ({@code rebuild-rollups}, the v8 back-fill) or the stored rollups
 * (the v10 back-fill) gives them, plus one grouped read of event_record; then written in place of the stored rows, or
 * compared with them naming each differing row. The rollups must come with every scope of an (agent, measure, day)
 * inside one run of the same (agent, measure): the rollups' primary key order and {@code ORDER BY agent_id,
 * measure_id, scope, day} both do. Never commits. Not thread-safe.
 */
final class DerivedRows {
    /** Every rollup's minutes, in primary key order (no sort): the v10 back-fill's one pass. */
    static final String STORED_MINUTES_SQL = "SELECT agent_id, measure_id, day_start_epoch_millis, minutes"
            + " FROM daily_rollup ORDER BY measure_id, day_start_epoch_millis, agent_id, scope";
    /** Per agent and measure, its earliest device record. */
    static final String FIRST_RECORDS_SQL = "SELECT agent_id, measure_id, MIN(start_epoch_millis) FROM event_record"
            + " GROUP BY agent_id, measure_id";
    static final String STORED_FIRST_SQL = "SELECT agent_id, measure_id, first_epoch_millis FROM first_data"
            + " ORDER BY agent_id, measure_id";
    static final String STORED_AGENT_DAYS_SQL = "SELECT agent_id, day_start_epoch_millis, measure_minutes"
            + " FROM agent_day ORDER BY agent_id, day_start_epoch_millis";
    private static final int BATCH_ROWS = 500;

    /** A first_data key, ordered as {@code ORDER BY agent_id, measure_id}. */
    record Pair(String agentId, String measureId) {
        static final java.util.Comparator<Pair> ORDER = java.util.Comparator
                .comparing(Pair::agentId, DailyRollup::compareCodePoints)
                .thenComparing(Pair::measureId, DailyRollup::compareCodePoints);

        @Override
        public String toString() {
            return "(agent '" + agentId + "', measure " + measureId + ")";
        }
    }

    private final Map<Pair, Long> first = new TreeMap<>(Pair.ORDER);
    private final Map<AgentDayMinutes.Key, AgentDayMinutes> days = new TreeMap<>(AgentDayMinutes.Key.ORDER);
    /** The current (agent, measure) run's minutes per day, scopes ORed. */
    private final Map<Long, long[]> pending = new HashMap<>();
    private String pendingAgent;
    private String pendingMeasure;

    /** Adds one rollup's minutes (a bitmap of {@link RollupCodec#MINUTE_WORDS} words; read only). */
    void addRollup(String agentId, String measureId, long dayStartEpochMillis, long[] minutes) {
        if (!agentId.equals(pendingAgent) || !measureId.equals(pendingMeasure)) {
            flushPending();
            pendingAgent = agentId;
            pendingMeasure = measureId;
        }
        long[] union = pending.computeIfAbsent(dayStartEpochMillis, d -> new long[RollupCodec.MINUTE_WORDS]);
        for (int i = 0; i < union.length; i++) {
            union[i] |= minutes[i];
        }
    }

    /** Adds the device records' earliest starts (one grouped read of event_record). */
    void addRecords(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(FIRST_RECORDS_SQL)) {
            while (rs.next()) {
                first.merge(new Pair(rs.getString(1), rs.getString(2)), rs.getLong(3), Math::min);
            }
        }
    }

    /** Reads the stored rollups' minutes (the v10 back-fill) and the records. */
    static DerivedRows fromStoredRollups(Connection connection) throws SQLException {
        DerivedRows rows = new DerivedRows();
        long[] minutes = new long[RollupCodec.MINUTE_WORDS];
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(STORED_MINUTES_SQL)) {
            while (rs.next()) {
                Arrays.fill(minutes, 0L);
                try {
                    RollupCodec.orMinutes(rs.getBytes(4), minutes);
                } catch (IllegalArgumentException e) {
                    throw new StoreException("stored rollup (agent '" + rs.getString(1) + "', measure "
                            + rs.getString(2) + ", day " + UkCalendar.dayOf(rs.getLong(3)) + ") has damaged minutes ("
                            + e.getMessage() + ")");
                }
                rows.addRollup(rs.getString(1), rs.getString(2), rs.getLong(3), minutes);
            }
        }
        rows.addRecords(connection);
        return rows;
    }

    private void flushPending() {
        for (Map.Entry<Long, long[]> day : pending.entrySet()) {
            long dayStart = day.getKey();
            long[] union = day.getValue();
            int firstMinute = firstSet(union);
            if (firstMinute < 0) {
                continue;
            }
            first.merge(new Pair(pendingAgent, pendingMeasure), dayStart + firstMinute * 60_000L, Math::min);
            days.computeIfAbsent(new AgentDayMinutes.Key(pendingAgent, dayStart), k -> new AgentDayMinutes())
                    .set(pendingMeasure, RollupCodec.countMinutes(union));
        }
        pending.clear();
    }

    private static int firstSet(long[] minutes) {
        for (int i = 0; i < minutes.length; i++) {
            if (minutes[i] != 0) {
                return i * 64 + Long.numberOfTrailingZeros(minutes[i]);
            }
        }
        return -1;
    }

    /** Replaces the stored first_data and agent_day rows with these; returns the rows written. */
    long write(Connection connection) throws SQLException {
        flushPending();
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM first_data");
            delete.executeUpdate("DELETE FROM agent_day");
        }
        long written = 0;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO first_data (agent_id, measure_id, first_epoch_millis) VALUES (?, ?, ?)")) {
            for (Map.Entry<Pair, Long> entry : first.entrySet()) {
                insert.setString(1, entry.getKey().agentId());
                insert.setString(2, entry.getKey().measureId());
                insert.setLong(3, entry.getValue());
                insert.addBatch();
                if (++written % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO agent_day (day_start_epoch_millis, agent_id, measure_minutes) VALUES (?, ?, ?)")) {
            for (Map.Entry<AgentDayMinutes.Key, AgentDayMinutes> entry : days.entrySet()) {
                insert.setLong(1, entry.getKey().dayStartEpochMillis());
                insert.setString(2, entry.getKey().agentId());
                insert.setBytes(3, entry.getValue().encode());
                insert.addBatch();
                if (++written % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return written;
    }

    /**
     * Compares the stored first_data and agent_day rows with these, naming the differing, missing or extra rows into
     * {@code named} (up to {@code maxNamed} in all); returns how many differ.
     */
    long check(Connection connection, int maxNamed, List<String> named) throws SQLException {
        flushPending();
        long differing = 0;
        Iterator<Map.Entry<Pair, Long>> fresh = first.entrySet().iterator();
        try (Statement statement = connection.createStatement();
                ResultSet stored = statement.executeQuery(STORED_FIRST_SQL)) {
            Map.Entry<Pair, Long> expected = fresh.hasNext() ? fresh.next() : null;
            boolean hasStored = stored.next();
            while (expected != null || hasStored) {
                Pair storedKey = hasStored ? new Pair(stored.getString(1), stored.getString(2)) : null;
                int order = expected == null ? 1 : storedKey == null ? -1 : Pair.ORDER.compare(expected.getKey(),
                        storedKey);
                String difference = null;
                if (order < 0) {
                    difference = "first data " + expected.getKey() + " missing (fresh: " + instant(expected.getValue())
                            + ")";
                } else if (order > 0) {
                    difference = "first data " + storedKey + " has no minute rows or records (stored: "
                            + instant(stored.getLong(3)) + ")";
                } else if (stored.getLong(3) != expected.getValue()) {
                    difference = "first data " + storedKey + " differs: " + instant(stored.getLong(3)) + " (fresh "
                            + instant(expected.getValue()) + ")";
                }
                if (difference != null) {
                    differing++;
                    name(named, maxNamed, difference);
                }
                if (order <= 0) {
                    expected = fresh.hasNext() ? fresh.next() : null;
                }
                if (order >= 0) {
                    hasStored = stored.next();
                }
            }
        }
        return differing + checkDays(connection, maxNamed, named);
    }

    private long checkDays(Connection connection, int maxNamed, List<String> named) throws SQLException {
        long differing = 0;
        Iterator<Map.Entry<AgentDayMinutes.Key, AgentDayMinutes>> fresh = days.entrySet().iterator();
        try (Statement statement = connection.createStatement();
                ResultSet stored = statement.executeQuery(STORED_AGENT_DAYS_SQL)) {
            Map.Entry<AgentDayMinutes.Key, AgentDayMinutes> expected = fresh.hasNext() ? fresh.next() : null;
            boolean hasStored = stored.next();
            while (expected != null || hasStored) {
                AgentDayMinutes.Key storedKey = hasStored
                        ? new AgentDayMinutes.Key(stored.getString(1), stored.getLong(2)) : null;
                int order = expected == null ? 1 : storedKey == null ? -1
                        : AgentDayMinutes.Key.ORDER.compare(expected.getKey(), storedKey);
                String difference = null;
                if (order < 0) {
                    difference = "agent day " + expected.getKey() + " missing (fresh: " + expected.getValue().minutes()
                            + " minutes)";
                } else if (order > 0) {
                    difference = "agent day " + storedKey + " has no minute rows";
                } else {
                    String columns;
                    try {
                        columns = expected.getValue().differences(AgentDayMinutes.decode(stored.getBytes(3)));
                    } catch (IllegalArgumentException e) {
                        columns = "measure_minutes damaged (" + e.getMessage() + ")";
                    }
                    difference = columns.isEmpty() ? null : "agent day " + storedKey + " differs: " + columns;
                }
                if (difference != null) {
                    differing++;
                    name(named, maxNamed, difference);
                }
                if (order <= 0) {
                    expected = fresh.hasNext() ? fresh.next() : null;
                }
                if (order >= 0) {
                    hasStored = stored.next();
                }
            }
        }
        return differing;
    }

    private static void name(List<String> named, int maxNamed, String difference) {
        if (named.size() < maxNamed) {
            named.add(difference);
        }
    }

    private static String instant(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis).toString();
    }
}
