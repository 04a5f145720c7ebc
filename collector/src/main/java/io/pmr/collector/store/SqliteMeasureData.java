package io.pmr.collector.store;

import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.AgentDownWindow;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.data.DeviceRecord;
import io.pmr.model.UkCalendar;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The measure engine's per-measure reads over agents' data. Not thread-safe and never commits: used inside
 * {@link SqliteStore}'s lock.
 */
final class SqliteMeasureData {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMeasureData.class);
    /** Searches the interval_report_measure index (measure, then start). Parameters: from, to, measure. */
    static final String HISTOGRAMS_SQL = "SELECT histogram, histogram_unit, agent_id, boot_epoch, sequence"
            + " FROM interval_report WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
            + " AND measure_id = ? AND histogram IS NOT NULL AND length(histogram) > 0";
    /** Per interval start, the measure's sums; searches the interval_report_measure index (measure, then start). */
    static final String DAILY_SQL = "SELECT interval_start_epoch_millis, " + ExactSums.sumOf("events") + ", "
            + ExactSums.sumOf("within_trt")
            + " FROM interval_report WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
            + " AND measure_id = ? GROUP BY interval_start_epoch_millis";
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
    /**
     * One row per (measure, device, message id): the earliest stored (lowest rowid) of the key, wherever its start
     * lies, kept when that start is in the range. Searches the event_record_start and event_record_key indexes.
     * Package-private for the query-plan test.
     */
    static final String DEVICE_RECORDS_SQL = "SELECT e.device_id, e.message_id, e.start_epoch_millis,"
            + " e.end_epoch_millis, e.outcome, e.outage_id, e.agent_id, e.payload_id FROM event_record e"
            + " WHERE e.measure_id = ? AND e.start_epoch_millis >= ? AND e.start_epoch_millis < ?"
            + " AND e.rowid = (SELECT MIN(f.rowid) FROM event_record f WHERE f.measure_id = e.measure_id"
            + " AND f.device_id = e.device_id AND f.message_id = e.message_id)"
            + " ORDER BY e.start_epoch_millis, e.device_id, e.message_id";
    /**
     * As {@link #DEVICE_RECORDS_SQL}, for the rows of every payload or outage group with a row starting in the range
     * (wherever the group's other rows start) and the ungrouped rows starting in the range. A row's group is its
     * payload id when it has one, else its outage id. Parameters ?1 measure, ?2 from, ?3 to.
     */
    static final String DEVICE_RECORD_GROUPS_SQL = deviceRecordGroupsSql(Dialect.SQLITE);

    /** {@link #DEVICE_RECORD_GROUPS_SQL} in an engine's form (the no-index hint differs). */
    static String deviceRecordGroupsSql(Dialect dialect) {
        return "WITH picked(rid) AS ("
            + " SELECT rowid FROM event_record WHERE measure_id = ?1 AND start_epoch_millis >= ?2"
            + " AND start_epoch_millis < ?3 AND payload_id = '' AND outage_id = ''"
            + " UNION SELECT g.rowid FROM event_record g WHERE g.measure_id = ?1 AND g.payload_id IN"
            + " (SELECT p.payload_id FROM event_record p WHERE p.measure_id = ?1"
            + " AND p.start_epoch_millis >= ?2 AND p.start_epoch_millis < ?3 AND p.payload_id <> '')"
            // unary + keeps the planner on the outage index (payload_id = '' holds for most rows)
            + " UNION SELECT g.rowid FROM event_record g WHERE g.measure_id = ?1 AND " + dialect.noIndex("g.payload_id")
            + " = ''"
            + " AND g.outage_id IN (SELECT o.outage_id FROM event_record o WHERE o.measure_id = ?1"
            + " AND o.start_epoch_millis >= ?2 AND o.start_epoch_millis < ?3 AND o.payload_id = ''"
            + " AND o.outage_id <> ''))"
            + " SELECT e.device_id, e.message_id, e.start_epoch_millis, e.end_epoch_millis, e.outcome, e.outage_id,"
            + " e.agent_id, e.payload_id FROM event_record e JOIN picked ON e.rowid = picked.rid"
            + " WHERE e.rowid = (SELECT MIN(f.rowid) FROM event_record f WHERE f.measure_id = e.measure_id"
            + " AND f.device_id = e.device_id AND f.message_id = e.message_id)"
            + " ORDER BY e.start_epoch_millis, e.device_id, e.message_id";
    }
    /** The wire schema's EventRecord has no scope: device records carry this one. */
    static final String NO_SCOPE = "";

    private final Connection connection;
    private final SqliteRollupReads rollups;
    /** {@link #agentIntervalsSql} for this engine. */
    private final String agentIntervals;
    /** {@link #deviceRecordGroupsSql} with plain parameters, for this engine. */
    private final NumberedParameters deviceRecordGroups;

    SqliteMeasureData(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.deviceRecordGroups = NumberedParameters.of(deviceRecordGroupsSql(dialect));
        this.agentIntervals = agentIntervalsSql(dialect);
        this.rollups = new SqliteRollupReads(connection);
    }

    /** Whole UK days from the rollups, the partial days at the edges from the minute rows. */
    MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis)
            throws SQLException {
        boolean allScopes = scope == null || "*".equals(scope);
        UkDaySpan span = UkDaySpan.of(fromEpochMillis, toEpochMillis);
        MeasureCounts counts = MeasureCounts.ZERO;
        if (span.hasHead()) {
            counts = minuteCounts(measureId, allScopes ? null : scope, fromEpochMillis, span.daysFromEpochMillis());
        }
        if (span.hasDays()) {
            counts = plus(counts, rollups.counts(measureId, allScopes ? null : scope, span.daysFromEpochMillis(),
                    span.daysToEpochMillis()), measureId);
        }
        if (span.hasTail()) {
            counts = plus(counts, minuteCounts(measureId, allScopes ? null : scope, span.daysToEpochMillis(),
                    toEpochMillis), measureId);
        }
        return counts;
    }

    private static MeasureCounts plus(MeasureCounts a, MeasureCounts b, String measureId) {
        try {
            return a.plus(b);
        } catch (ArithmeticException e) {
            throw new StoreException("the stored interval counts of " + measureId + " sum beyond 2^63-1");
        }
    }

    private MeasureCounts minuteCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis)
            throws SQLException {
        boolean allScopes = scope == null;
        String sql = "SELECT " + ExactSums.sumOf("events") + ", " + ExactSums.sumOf("within_trt") + ", "
                + ExactSums.sumOf("timed_out") + ", " + ExactSums.sumOf("failed") + " FROM interval_report"
                + " WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ? AND measure_id = ?"
                + (allScopes ? "" : " AND scope = ?");
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, fromEpochMillis);
            query.setLong(2, toEpochMillis);
            query.setString(3, measureId);
            if (!allScopes) {
                query.setString(4, scope);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return ExactSums.counts(rs, 1, "interval counts of " + measureId);
            }
        }
    }

    List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis) throws SQLException {
        return records(DEVICE_RECORDS_SQL, measureId, fromEpochMillis, toEpochMillis);
    }

    List<DeviceRecord> deviceRecordGroups(String measureId, long fromEpochMillis, long toEpochMillis)
            throws SQLException {
        try (PreparedStatement query = deviceRecordGroups.prepare(connection, measureId, fromEpochMillis,
                toEpochMillis)) {
            return read(query, measureId);
        }
    }

    /** Runs one of the record queries, whose parameters are (measure, from, to). */
    private List<DeviceRecord> records(String sql, String measureId, long fromEpochMillis, long toEpochMillis)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, measureId);
            query.setLong(2, fromEpochMillis);
            query.setLong(3, toEpochMillis);
            return read(query, measureId);
        }
    }

    private List<DeviceRecord> read(PreparedStatement query, String measureId) throws SQLException {
        List<DeviceRecord> records = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                records.add(row(measureId, rs));
            }
        }
        return records;
    }

    /** Windows of a measure overlapping the range; searches the down_window_start index. */
    static final String DOWN_WINDOWS_SQL = "SELECT agent_id, start_epoch_millis, end_epoch_millis FROM down_window"
            + " WHERE measure_id = ? AND start_epoch_millis < ? AND end_epoch_millis > ?"
            + " ORDER BY start_epoch_millis, end_epoch_millis, agent_id";

    List<AgentDownWindow> downWindows(String measureId, long fromEpochMillis, long toEpochMillis) throws SQLException {
        List<AgentDownWindow> windows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(DOWN_WINDOWS_SQL)) {
            query.setString(1, measureId);
            query.setLong(2, toEpochMillis);
            query.setLong(3, fromEpochMillis);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    windows.add(new AgentDownWindow(measureId, rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return windows;
    }

    /**
     * Decodes and merges the measure's interval histograms into one, in nanoseconds. A histogram that does not decode
     * or has no known unit (ingest already bounded them, so this is a store written by something else) is skipped
     * and logged with its envelope key; it never fails the read.
     */
    Histogram latencyHistogram(String measureId, long fromEpochMillis, long toEpochMillis) throws SQLException {
        UkDaySpan span = UkDaySpan.of(fromEpochMillis, toEpochMillis);
        Histogram merged = LatencyNanos.autoResizing();
        if (span.hasHead()) {
            addMinuteHistograms(measureId, fromEpochMillis, span.daysFromEpochMillis(), merged);
        }
        if (span.hasDays()) {
            rollups.addHistograms(measureId, span.daysFromEpochMillis(), span.daysToEpochMillis(), merged,
                    (key, problem) -> LOG.warn("Skipped the histogram of daily total {}: {}", key, problem.toString()));
        }
        if (span.hasTail()) {
            addMinuteHistograms(measureId, span.daysToEpochMillis(), toEpochMillis, merged);
        }
        return merged;
    }

    /** The minute rows' histograms of a measure over a range (a partial day), added into {@code merged}. */
    private void addMinuteHistograms(String measureId, long fromEpochMillis, long toEpochMillis, Histogram merged)
            throws SQLException {
        // Sum per wire unit first (a counts-array add, same bucket structure), convert each sum once: converting
        // every stored interval walks its counts one slot at a time, ~100x slower on a month of minutes.
        Histogram[] perUnit = new Histogram[4];
        try (PreparedStatement query = connection.prepareStatement(HISTOGRAMS_SQL)) {
            query.setLong(1, fromEpochMillis);
            query.setLong(2, toEpochMillis);
            query.setString(3, measureId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int unit = rs.getInt(2);
                    if (!LatencyNanos.knownUnit(unit)) {
                        LOG.warn("Skipped a histogram of {} from envelope {}/{}/{}: unknown latency unit {}",
                                measureId, rs.getString(3), rs.getLong(4), rs.getLong(5), unit);
                        continue;
                    }
                    try {
                        Histogram one = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(rs.getBytes(1)), 0);
                        if (perUnit[unit] == null) {
                            perUnit[unit] = LatencyNanos.autoResizing();
                        }
                        perUnit[unit].add(one);
                    } catch (DataFormatException | RuntimeException e) {
                        LOG.warn("Skipped a histogram of {} from envelope {}/{}/{}: {}", measureId, rs.getString(3),
                                rs.getLong(4), rs.getLong(5), e.toString());
                    }
                }
            }
        }
        for (int unit = 1; unit < perUnit.length; unit++) {
            if (perUnit[unit] != null) {
                LatencyNanos.addConverted(perUnit[unit], LatencyNanos.nanosPerUnit(unit),
                        merged::recordValueWithCount);
            }
        }
    }

    List<DailyCount> dailyCounts(String measureId, long fromEpochMillis, long toEpochMillis) throws SQLException {
        List<LocalDate> days = UkCalendar.daysStartingIn(fromEpochMillis, toEpochMillis);
        long[] events = new long[days.size()];
        long[] within = new long[days.size()];
        long[] starts = dayStarts(days);
        UkDaySpan span = UkDaySpan.of(fromEpochMillis, toEpochMillis);
        if (span.hasHead()) {
            addMinuteDaily(measureId, fromEpochMillis, span.daysFromEpochMillis(), starts, events, within);
        }
        if (span.hasDays()) {
            rollups.addDaily(measureId, span.daysFromEpochMillis(), span.daysToEpochMillis(), starts, events, within);
        }
        if (span.hasTail()) {
            addMinuteDaily(measureId, span.daysToEpochMillis(), toEpochMillis, starts, events, within);
        }
        List<DailyCount> counts = new ArrayList<>(days.size());
        for (int i = 0; i < days.size(); i++) {
            counts.add(new DailyCount(days.get(i), events[i], within[i]));
        }
        return counts;
    }

    private void addMinuteDaily(String measureId, long fromEpochMillis, long toEpochMillis, long[] starts,
            long[] events, long[] within) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(DAILY_SQL)) {
            query.setLong(1, fromEpochMillis);
            query.setLong(2, toEpochMillis);
            query.setString(3, measureId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int day = dayIndex(starts, rs.getLong(1));
                    if (day >= 0) {
                        String what = "daily counts of " + measureId;
                        events[day] = ExactSums.add(events[day], ExactSums.read(rs, 2, what), what);
                        within[day] = ExactSums.add(within[day], ExactSums.read(rs, 4, what), what);
                    }
                }
            }
        }
    }

    /**
     * Per agent that declared a measure and UK day of the range: from the declarations and watermarks read once
     * ({@link SourceCache}), for whole UK days the agent days' minutes (agents x days rows), minute rows for partial
     * days.
     */
    List<AgentDay> agentDays(long fromEpochMillis, long toEpochMillis, SourceCache.Sources sources)
            throws SQLException {
        List<LocalDate> days = UkCalendar.daysStartingIn(fromEpochMillis, toEpochMillis);
        long[] starts = dayStarts(days);
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
                    int day = dayIndex(starts, rs.getLong(2));
                    if (day >= 0) {
                        reported.computeIfAbsent(rs.getString(1), k -> new long[starts.length])[day] += rs.getLong(3);
                    }
                }
            }
        }
    }

    private static long[] dayStarts(List<LocalDate> days) {
        long[] starts = new long[days.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = UkCalendar.dayStartEpochMillis(days.get(i));
        }
        return starts;
    }

    /** Index of the day containing the instant, or -1 before the first day. */
    private static int dayIndex(long[] starts, long epochMillis) {
        int found = java.util.Arrays.binarySearch(starts, epochMillis);
        return found >= 0 ? found : -found - 2;
    }

    private static DeviceRecord row(String measureId, ResultSet rs) throws SQLException {
        return new DeviceRecord(measureId, rs.getString(1), rs.getString(2), NO_SCOPE, rs.getLong(3), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
