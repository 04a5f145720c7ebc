package io.pmr.collector.store;

import io.pmr.collector.data.DailyCount;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.model.UkCalendar;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measure engine's reads of one measure's sums over a range {@code [from, to)} of epoch milliseconds: interval
 * counts, the latency histogram (nanoseconds) and daily counts, each spliced from the all-agent daily totals for the
 * whole UK days inside the range and the minute rows for the partial days at its edges ({@link UkDaySpan}), so every
 * interval is read once. Sums are overflow-safe ({@link ExactSums}). The row-level reads are
 * {@link SqliteRecordReads}'s, the per-agent completeness {@link SqliteAgentDays}'s. Not thread-safe and never
 * commits: used inside {@link SqliteStore}'s lock.
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

    private final Connection connection;
    private final SqliteRollupReads rollups;

    SqliteMeasureData(Connection connection) {
        this.connection = connection;
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
        long[] starts = UkDayIndex.starts(days);
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
                    int day = UkDayIndex.of(starts, rs.getLong(1));
                    if (day >= 0) {
                        String what = "daily counts of " + measureId;
                        events[day] = ExactSums.add(events[day], ExactSums.read(rs, 2, what), what);
                        within[day] = ExactSums.add(within[day], ExactSums.read(rs, 4, what), what);
                    }
                }
            }
        }
    }
}
