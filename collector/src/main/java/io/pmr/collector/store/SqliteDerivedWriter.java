package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps {@code first_data} and {@code agent_day} ({@link DerivedRows}) with the rollups a write batch touches, in its
 * transaction: a batch notes the intervals it inserted and the device records, and {@link #flush}, after the batch's
 * rollups are written, lowers each touched (agent, measure)'s first data when the batch has earlier data, and
 * recounts each touched (agent, measure, day)'s minutes from the day's rollups of every scope (read back by primary
 * key: the scopes' minutes ORed), rewriting each touched agent day once. So both stay what a fresh aggregation gives,
 * whatever the order data arrives in. Only inserted rows are noted (a duplicate or replayed interval adds none). Not
 * thread-safe: used by {@link SqliteRollups} and {@link SqliteEnvelopeWriter} inside {@link SqliteStore}'s lock.
 */
final class SqliteDerivedWriter implements AutoCloseable {
    private final PreparedStatement scopeMinutes;
    private final PreparedStatement selectDay;
    private final PreparedStatement upsertDay;
    private final PreparedStatement upsertFirst;
    private final Map<DerivedRows.Pair, Long> first = new HashMap<>();
    /** Per agent day touched, the measures whose minutes the batch may have changed. */
    private final Map<AgentDayMinutes.Key, Set<String>> touched = new TreeMap<>(AgentDayMinutes.Key.ORDER);
    private final long[] minutes = new long[RollupCodec.MINUTE_WORDS];

    SqliteDerivedWriter(Connection connection) throws SQLException {
        scopeMinutes = connection.prepareStatement("SELECT minutes FROM daily_rollup WHERE measure_id = ?"
                + " AND day_start_epoch_millis = ? AND agent_id = ?");
        selectDay = connection.prepareStatement("SELECT measure_minutes FROM agent_day"
                + " WHERE day_start_epoch_millis = ? AND agent_id = ?");
        upsertDay = connection.prepareStatement("INSERT INTO agent_day (day_start_epoch_millis, agent_id,"
                + " measure_minutes) VALUES (?, ?, ?) ON CONFLICT (day_start_epoch_millis, agent_id)"
                + " DO UPDATE SET measure_minutes = excluded.measure_minutes");
        upsertFirst = connection.prepareStatement("INSERT INTO first_data (agent_id, measure_id, first_epoch_millis)"
                + " VALUES (?, ?, ?) ON CONFLICT (agent_id, measure_id) DO UPDATE SET"
                + " first_epoch_millis = excluded.first_epoch_millis"
                + " WHERE excluded.first_epoch_millis < first_data.first_epoch_millis");
    }

    /** Starts a write batch: forgets what a failed earlier batch may have noted. */
    void begin() {
        first.clear();
        touched.clear();
    }

    /** Notes an interval inserted in this batch, of the rollup {@code key}, starting at {@code startEpochMillis}. */
    void interval(DailyRollup.Key key, long startEpochMillis) {
        long day = key.dayStartEpochMillis();
        // the minute as the rollup's minutes hold it: whole minutes from the UK day's start
        long minute = day + (startEpochMillis - day) / 60_000L * 60_000L;
        first.merge(new DerivedRows.Pair(key.agentId(), key.measureId()), minute, Math::min);
        touched.computeIfAbsent(new AgentDayMinutes.Key(key.agentId(), day), k -> new TreeSet<>())
                .add(key.measureId());
    }

    /** Notes a device record inserted in this batch. */
    void record(String agentId, String measureId, long startEpochMillis) {
        first.merge(new DerivedRows.Pair(agentId, measureId), startEpochMillis, Math::min);
    }

    /** Writes what the batch changed; call after the batch's rollups are written, before the commit. */
    void flush() throws SQLException {
        try {
            List<Map.Entry<DerivedRows.Pair, Long>> firsts = new ArrayList<>(first.entrySet());
            firsts.sort(Map.Entry.comparingByKey(DerivedRows.Pair.ORDER));
            for (Map.Entry<DerivedRows.Pair, Long> entry : firsts) {
                upsertFirst.setString(1, entry.getKey().agentId());
                upsertFirst.setString(2, entry.getKey().measureId());
                upsertFirst.setLong(3, entry.getValue());
                upsertFirst.addBatch();
            }
            if (!firsts.isEmpty()) {
                upsertFirst.executeBatch();
            }
            for (Map.Entry<AgentDayMinutes.Key, Set<String>> day : touched.entrySet()) {
                AgentDayMinutes row = load(day.getKey());
                for (String measure : day.getValue()) {
                    row.set(measure, countMinutes(day.getKey(), measure));
                }
                upsertDay.setLong(1, day.getKey().dayStartEpochMillis());
                upsertDay.setString(2, day.getKey().agentId());
                upsertDay.setBytes(3, row.encode());
                upsertDay.addBatch();
            }
            if (!touched.isEmpty()) {
                upsertDay.executeBatch();
            }
        } finally {
            first.clear();
            touched.clear();
        }
    }

    private AgentDayMinutes load(AgentDayMinutes.Key key) throws SQLException {
        selectDay.setLong(1, key.dayStartEpochMillis());
        selectDay.setString(2, key.agentId());
        try (ResultSet rs = selectDay.executeQuery()) {
            if (!rs.next()) {
                return new AgentDayMinutes();
            }
            try {
                return AgentDayMinutes.decode(rs.getBytes(1));
            } catch (IllegalArgumentException e) {
                throw new StoreException("stored agent day " + key + " is damaged (" + e.getMessage()
                        + "): run pmr collector rebuild-rollups");
            }
        }
    }

    /** The distinct minutes of the measure's rollups of every scope on the agent's day. */
    private int countMinutes(AgentDayMinutes.Key key, String measureId) throws SQLException {
        java.util.Arrays.fill(minutes, 0L);
        scopeMinutes.setString(1, measureId);
        scopeMinutes.setLong(2, key.dayStartEpochMillis());
        scopeMinutes.setString(3, key.agentId());
        try (ResultSet rs = scopeMinutes.executeQuery()) {
            while (rs.next()) {
                try {
                    RollupCodec.orMinutes(rs.getBytes(1), minutes);
                } catch (IllegalArgumentException e) {
                    throw new StoreException("stored rollup of " + measureId + " on " + key + " has damaged minutes ("
                            + e.getMessage() + "): run pmr collector rebuild-rollups");
                }
            }
        }
        return RollupCodec.countMinutes(minutes);
    }

    @Override
    public void close() throws SQLException {
        scopeMinutes.close();
        selectDay.close();
        upsertDay.close();
        upsertFirst.close();
    }
}
