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
 * (the v10 back-fill) gives them, plus one grouped read of event_record; then either written in place of the stored
 * rows ({@link #writing}) or compared with them naming each differing row ({@link #checking}).
 *
 * <p>The rollups must come agent by agent (agents in code point order), with every scope of an (agent, measure, day)
 * inside one run of the same (agent, measure): {@code ORDER BY agent_id, measure_id, scope, day} and {@code ORDER BY
 * agent_id, measure_id, day} both do. Each agent's days are then written or compared when the next agent starts, so
 * memory holds one agent's days (and the first data, one entry per agent and measure), not agents x days. Never
 * commits. Not thread-safe.
 */
final class DerivedRows implements AutoCloseable {
    /** Every rollup's minutes, agent by agent (the daily_rollup_agent index's order): the v10 back-fill's one pass. */
    static final String STORED_MINUTES_SQL = "SELECT agent_id, measure_id, day_start_epoch_millis, minutes"
            + " FROM daily_rollup ORDER BY agent_id, measure_id, day_start_epoch_millis";
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

    /** Where each agent day goes once its agent is complete, in (agent, day) order. */
    private interface DaySink extends AutoCloseable {
        void accept(AgentDayMinutes.Key key, AgentDayMinutes row) throws SQLException;

        /** After the last day; returns the rows written or the rows that differ. */
        long finish() throws SQLException;

        @Override
        void close() throws SQLException;
    }

    private final DaySink days;
    private final Map<Pair, Long> first = new TreeMap<>(Pair.ORDER);
    /** The current agent's days. */
    private final TreeMap<Long, AgentDayMinutes> agentDays = new TreeMap<>();
    private String agent;
    /** The current (agent, measure) run's minutes per day, scopes ORed. */
    private final Map<Long, long[]> pending = new HashMap<>();
    private String pendingMeasure;

    private DerivedRows(DaySink days) {
        this.days = days;
    }

    /**
     * Rows to be written in place of the stored ones: both tables are emptied now, in the caller's transaction, which
     * raises the source generation (first data feeds the cached declarations, {@link SourceCache}).
     */
    static DerivedRows writing(Connection connection) throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM first_data");
            delete.executeUpdate("DELETE FROM agent_day");
        }
        SourceCache.bump(connection);
        return new DerivedRows(new DayWriter(connection));
    }

    /** Rows to be compared with the stored ones, naming differences into {@code named} (at most maxNamed in all). */
    static DerivedRows checking(Connection connection, int maxNamed, List<String> named) throws SQLException {
        return new DerivedRows(new DayChecker(connection, maxNamed, named));
    }

    /** Adds one rollup's minutes (a bitmap of {@link RollupCodec#MINUTE_WORDS} words; read only). */
    void addRollup(String agentId, String measureId, long dayStartEpochMillis, long[] minutes) throws SQLException {
        if (!agentId.equals(agent) || !measureId.equals(pendingMeasure)) {
            flushPending();
            if (!agentId.equals(agent)) {
                if (agent != null && DailyRollup.compareCodePoints(agentId, agent) < 0) {
                    throw new IllegalStateException("rollups out of agent order: '" + agentId + "' after '" + agent
                            + "'");
                }
                emitAgent();
                agent = agentId;
            }
            pendingMeasure = measureId;
        }
        long[] union = pending.computeIfAbsent(dayStartEpochMillis, d -> new long[RollupCodec.MINUTE_WORDS]);
        for (int i = 0; i < union.length; i++) {
            union[i] |= minutes[i];
        }
    }

    /** Derives from the stored rollups' minutes (the v10 back-fill); then call {@link #finish}. */
    void addStoredRollups(Connection connection) throws SQLException {
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
                addRollup(rs.getString(1), rs.getString(2), rs.getLong(3), minutes);
            }
        }
    }

    /**
     * After the last rollup: adds the device records' earliest starts (one grouped read of event_record), then writes
     * or compares the rest. Returns the rows written ({@link #writing}) or the rows that differ ({@link #checking}).
     */
    long finish(Connection connection) throws SQLException {
        flushPending();
        emitAgent();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(FIRST_RECORDS_SQL)) {
            while (rs.next()) {
                first.merge(new Pair(rs.getString(1), rs.getString(2)), rs.getLong(3), Math::min);
            }
        }
        long dayRows = days.finish();
        return days instanceof DayChecker checker ? dayRows + checker.checkFirst(first)
                : dayRows + writeFirst(connection);
    }

    private void flushPending() {
        for (Map.Entry<Long, long[]> day : pending.entrySet()) {
            long dayStart = day.getKey();
            long[] union = day.getValue();
            int firstMinute = firstSet(union);
            if (firstMinute < 0) {
                continue;
            }
            first.merge(new Pair(agent, pendingMeasure), dayStart + firstMinute * 60_000L, Math::min);
            agentDays.computeIfAbsent(dayStart, k -> new AgentDayMinutes())
                    .set(pendingMeasure, RollupCodec.countMinutes(union));
        }
        pending.clear();
    }

    private void emitAgent() throws SQLException {
        for (Map.Entry<Long, AgentDayMinutes> day : agentDays.entrySet()) {
            days.accept(new AgentDayMinutes.Key(agent, day.getKey()), day.getValue());
        }
        agentDays.clear();
    }

    private static int firstSet(long[] minutes) {
        for (int i = 0; i < minutes.length; i++) {
            if (minutes[i] != 0) {
                return i * 64 + Long.numberOfTrailingZeros(minutes[i]);
            }
        }
        return -1;
    }

    private long writeFirst(Connection connection) throws SQLException {
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
        return written;
    }

    @Override
    public void close() throws SQLException {
        days.close();
    }

    /** Inserts each agent day. */
    private static final class DayWriter implements DaySink {
        private final PreparedStatement insert;
        private long written;

        DayWriter(Connection connection) throws SQLException {
            insert = connection.prepareStatement(
                    "INSERT INTO agent_day (day_start_epoch_millis, agent_id, measure_minutes) VALUES (?, ?, ?)");
        }

        @Override
        public void accept(AgentDayMinutes.Key key, AgentDayMinutes row) throws SQLException {
            insert.setLong(1, key.dayStartEpochMillis());
            insert.setString(2, key.agentId());
            insert.setBytes(3, row.encode());
            insert.addBatch();
            if (++written % BATCH_ROWS == 0) {
                insert.executeBatch();
            }
        }

        @Override
        public long finish() throws SQLException {
            insert.executeBatch();
            return written;
        }

        @Override
        public void close() throws SQLException {
            insert.close();
        }
    }

    /** Compares each fresh agent day with the stored rows, walked in the same order. */
    private static final class DayChecker implements DaySink {
        private final Statement statement;
        private final ResultSet stored;
        private final int maxNamed;
        private final List<String> named;
        private boolean hasStored;
        private long differing;

        DayChecker(Connection connection, int maxNamed, List<String> named) throws SQLException {
            this.maxNamed = maxNamed;
            this.named = named;
            statement = connection.createStatement();
            stored = statement.executeQuery(STORED_AGENT_DAYS_SQL);
            hasStored = stored.next();
        }

        @Override
        public void accept(AgentDayMinutes.Key key, AgentDayMinutes row) throws SQLException {
            while (hasStored && AgentDayMinutes.Key.ORDER.compare(storedKey(), key) < 0) {
                differ("agent day " + storedKey() + " has no minute rows");
                hasStored = stored.next();
            }
            if (hasStored && storedKey().equals(key)) {
                String columns;
                try {
                    columns = row.differences(AgentDayMinutes.decode(stored.getBytes(3)));
                } catch (IllegalArgumentException e) {
                    columns = "measure_minutes damaged (" + e.getMessage() + ")";
                }
                if (!columns.isEmpty()) {
                    differ("agent day " + key + " differs: " + columns);
                }
                hasStored = stored.next();
            } else {
                differ("agent day " + key + " missing (fresh: " + row.minutes() + " minutes)");
            }
        }

        @Override
        public long finish() throws SQLException {
            while (hasStored) {
                differ("agent day " + storedKey() + " has no minute rows");
                hasStored = stored.next();
            }
            return differing;
        }

        /** Compares the stored first data with the fresh; returns the rows that differ. */
        long checkFirst(Map<Pair, Long> first) throws SQLException {
            long before = differing;
            Iterator<Map.Entry<Pair, Long>> fresh = first.entrySet().iterator();
            try (Statement query = statement.getConnection().createStatement();
                    ResultSet storedFirst = query.executeQuery(STORED_FIRST_SQL)) {
                Map.Entry<Pair, Long> expected = fresh.hasNext() ? fresh.next() : null;
                boolean more = storedFirst.next();
                while (expected != null || more) {
                    Pair storedKey = more ? new Pair(storedFirst.getString(1), storedFirst.getString(2)) : null;
                    int order = expected == null ? 1 : storedKey == null ? -1
                            : Pair.ORDER.compare(expected.getKey(), storedKey);
                    if (order < 0) {
                        differ("first data " + expected.getKey() + " missing (fresh: " + instant(expected.getValue())
                                + ")");
                    } else if (order > 0) {
                        differ("first data " + storedKey + " has no minute rows or records (stored: "
                                + instant(storedFirst.getLong(3)) + ")");
                    } else if (storedFirst.getLong(3) != expected.getValue()) {
                        differ("first data " + storedKey + " differs: " + instant(storedFirst.getLong(3)) + " (fresh "
                                + instant(expected.getValue()) + ")");
                    }
                    if (order <= 0) {
                        expected = fresh.hasNext() ? fresh.next() : null;
                    }
                    if (order >= 0) {
                        more = storedFirst.next();
                    }
                }
            }
            return differing - before;
        }

        private AgentDayMinutes.Key storedKey() throws SQLException {
            return new AgentDayMinutes.Key(stored.getString(1), stored.getLong(2));
        }

        private void differ(String difference) {
            differing++;
            if (named.size() < maxNamed) {
                named.add(difference);
            }
        }

        private static String instant(long epochMillis) {
            return java.time.Instant.ofEpochMilli(epochMillis).toString();
        }

        @Override
        public void close() throws SQLException {
            stored.close();
            statement.close();
        }
    }
}
