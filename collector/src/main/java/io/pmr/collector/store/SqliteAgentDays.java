package io.pmr.collector.store;

import io.pmr.collector.data.AgentDay;
import io.pmr.model.UkCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The measure engine's per-agent completeness read: per agent that declared a measure and UK day of a range, the
 * (declared measure, minute) pairs it reported and the minutes its watermarks made final. Whole UK days come from the
 * agent days' rollups (agents x days rows), the partial days at the range's edges from the minute rows
 * ({@link UkDaySpan}); times are epoch milliseconds. Not thread-safe and never commits: used inside
 * {@link SqliteStore}'s lock.
 */
final class SqliteAgentDays {
    /**
     * Per agent and interval start, the distinct measures it reported (declared ones only), in the engine's form.
     * Parameters: from, to. A search of interval_report_measure per measure ({@link IntervalMeasures}): schema 12 has
     * no index led by the start. Package-private for the query-plan test.
     */
    static String agentIntervalsSql(Dialect dialect) {
        return IntervalMeasures.WITH + " SELECT i.agent_id,"
                + " i.interval_start_epoch_millis, COUNT(DISTINCT i.measure_id) FROM interval_report i"
                + " WHERE " + IntervalMeasures.in(dialect, "i.measure_id")
                + " AND i.interval_start_epoch_millis >= ? AND i.interval_start_epoch_millis < ?"
                + " AND EXISTS (SELECT 1 FROM declared_measure d WHERE d.agent_id = i.agent_id"
                + " AND d.measure_id = i.measure_id)"
                + " GROUP BY i.agent_id, i.interval_start_epoch_millis";
    }

    private final Connection connection;
    private final SqliteRollupReads rollups;
    /** {@link #agentIntervalsSql} for this engine. */
    private final String agentIntervals;

    SqliteAgentDays(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.rollups = new SqliteRollupReads(connection);
        this.agentIntervals = agentIntervalsSql(dialect);
    }

    /**
     * Per agent that declared a measure and UK day of the range: from the declarations and watermarks read once
     * ({@link SourceCache}), for whole UK days the agent days' minutes (agents x days rows), minute rows for partial
     * days.
     */
    List<AgentDay> agentDays(long fromEpochMillis, long toEpochMillis, SourceCache.Sources sources)
            throws SQLException {
        List<LocalDate> days = UkCalendar.daysStartingIn(fromEpochMillis, toEpochMillis);
        long[] starts = UkDayIndex.starts(days);
        Map<String, Set<String>> declaredMeasures = new TreeMap<>();
        sources.declaredBy().forEach((measure, agents) -> agents.forEach(agent ->
                declaredMeasures.computeIfAbsent(agent, k -> new HashSet<>()).add(measure)));
        Map<String, Integer> declared = new TreeMap<>();
        Map<String, Long> lowestWatermark = new HashMap<>();
        declaredMeasures.forEach((agent, measures) -> {
            declared.put(agent, measures.size());
            long lowest = Long.MAX_VALUE;
            for (String measure : measures) {
                // no watermark yet counts as 0: nothing final
                lowest = Math.min(lowest, sources.watermarks().getOrDefault(measure, Map.of()).getOrDefault(agent, 0L));
            }
            lowestWatermark.put(agent, lowest);
        });
        Map<String, long[]> reported = new HashMap<>();
        UkDaySpan span = UkDaySpan.of(fromEpochMillis, toEpochMillis);
        if (span.hasHead()) {
            addMinuteAgentIntervals(fromEpochMillis, span.daysFromEpochMillis(), starts, reported);
        }
        if (span.hasDays()) {
            rollups.addAgentDays(span.daysFromEpochMillis(), span.daysToEpochMillis(), starts, declaredMeasures,
                    reported);
        }
        if (span.hasTail()) {
            addMinuteAgentIntervals(span.daysToEpochMillis(), toEpochMillis, starts, reported);
        }
        List<AgentDay> result = new ArrayList<>();
        for (Map.Entry<String, Integer> agent : declared.entrySet()) {
            long[] intervals = reported.getOrDefault(agent.getKey(), new long[days.size()]);
            long watermark = lowestWatermark.getOrDefault(agent.getKey(), 0L);
            for (int i = 0; i < days.size(); i++) {
                int minutes = UkCalendar.minutesOf(days.get(i));
                long finalMinutes = Math.max(0, Math.min(minutes, Math.floorDiv(watermark - starts[i], 60_000L)));
                result.add(new AgentDay(agent.getKey(), days.get(i), minutes, agent.getValue(),
                        (long) minutes * agent.getValue(), intervals[i], finalMinutes));
            }
        }
        return result;
    }

    private void addMinuteAgentIntervals(long fromEpochMillis, long toEpochMillis, long[] starts,
            Map<String, long[]> reported) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(agentIntervals)) {
            query.setLong(1, fromEpochMillis);
            query.setLong(2, toEpochMillis);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int day = UkDayIndex.of(starts, rs.getLong(2));
                    if (day >= 0) {
                        reported.computeIfAbsent(rs.getString(1), k -> new long[starts.length])[day] += rs.getLong(3);
                    }
                }
            }
        }
    }
}
