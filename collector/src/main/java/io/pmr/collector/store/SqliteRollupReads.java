package io.pmr.collector.store;

import io.pmr.collector.data.MeasureCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Reads of the daily rollups and totals over whole UK days {@code [daysFrom, daysTo)} (day starts, {@link UkDaySpan});
 * the callers add the partial days at a range's edges from the minute rows. Sums, daily counts and histograms read the
 * all-agent totals ({@link DailyTotal}: measure scopes x days rows, whatever the agent count); the per-agent
 * completeness reads the agent days ({@link AgentDayMinutes}: agents x days rows), never the rollups. Sums are
 * overflow-safe ({@link ExactSums}). Not thread-safe and never commits: used inside {@link SqliteStore}'s lock.
 */
final class SqliteRollupReads {
    private static final String SUMS = ExactSums.sumOf("events") + ", " + ExactSums.sumOf("within_trt") + ", "
            + ExactSums.sumOf("timed_out") + ", " + ExactSums.sumOf("failed");
    /** Per measure; a range of the daily_total_day index. */
    static final String COUNTS_BY_MEASURE_SQL = "SELECT measure_id, " + SUMS + " FROM daily_total"
            + " WHERE day_start_epoch_millis >= ? AND day_start_epoch_millis < ? GROUP BY measure_id";
    /** A range of the totals' primary key; the scope filter is appended when one is asked. */
    static final String COUNTS_SQL = "SELECT " + SUMS + " FROM daily_total WHERE measure_id = ?"
            + " AND day_start_epoch_millis >= ? AND day_start_epoch_millis < ?";
    static final String HISTOGRAMS_SQL = "SELECT histogram, scope, day_start_epoch_millis FROM daily_total"
            + " WHERE measure_id = ? AND day_start_epoch_millis >= ? AND day_start_epoch_millis < ?"
            + " AND histogram IS NOT NULL";
    static final String DAILY_SQL = "SELECT day_start_epoch_millis, " + ExactSums.sumOf("events") + ", "
            + ExactSums.sumOf("within_trt") + " FROM daily_total WHERE measure_id = ?"
            + " AND day_start_epoch_millis >= ? AND day_start_epoch_millis < ? GROUP BY day_start_epoch_millis";
    /** A range of the agent days' primary key: agents x days rows. */
    static final String AGENT_DAYS_SQL = "SELECT agent_id, day_start_epoch_millis, measure_minutes FROM agent_day"
            + " WHERE day_start_epoch_millis >= ? AND day_start_epoch_millis < ?";

    private final Connection connection;

    SqliteRollupReads(Connection connection) {
        this.connection = connection;
    }

    /** Adds each measure's sums over the days into {@code counts}. */
    void addCountsByMeasure(long daysFrom, long daysTo, Map<String, MeasureCounts> counts) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(COUNTS_BY_MEASURE_SQL)) {
            query.setLong(1, daysFrom);
            query.setLong(2, daysTo);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String measure = rs.getString(1);
                    String what = "interval counts of " + measure;
                    MeasureCounts days = ExactSums.counts(rs, 2, what);
                    counts.merge(measure, days, (a, b) -> plus(a, b, what));
                }
            }
        }
    }

    /** One measure's sums over the days, one scope or every scope ({@code null}). */
    MeasureCounts counts(String measureId, String scope, long daysFrom, long daysTo) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(COUNTS_SQL
                + (scope == null ? "" : " AND scope = ?"))) {
            query.setString(1, measureId);
            query.setLong(2, daysFrom);
            query.setLong(3, daysTo);
            if (scope != null) {
                query.setString(4, scope);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return ExactSums.counts(rs, 1, "interval counts of " + measureId);
            }
        }
    }

    /**
     * Merges the measure's daily total histograms over the days into {@code into} (nanoseconds). A damaged row is
     * skipped and logged by the caller's rule: it never fails the read.
     */
    void addHistograms(String measureId, long daysFrom, long daysTo, Histogram into, RowSkipped skipped)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(HISTOGRAMS_SQL)) {
            query.setString(1, measureId);
            query.setLong(2, daysFrom);
            query.setLong(3, daysTo);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    try {
                        RollupCodec.mergeHistogram(rs.getBytes(1), into);
                    } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
                        skipped.log(new DailyTotal.Key(measureId, rs.getString(2), rs.getLong(3)), e);
                    }
                }
            }
        }
    }

    /** How a caller logs a daily total it had to skip. */
    interface RowSkipped {
        void log(DailyTotal.Key key, Exception problem);
    }

    /** Adds the measure's per-day sums into the arrays, indexed by position of the day's start in {@code starts}. */
    void addDaily(String measureId, long daysFrom, long daysTo, long[] starts, long[] events, long[] within)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(DAILY_SQL)) {
            query.setString(1, measureId);
            query.setLong(2, daysFrom);
            query.setLong(3, daysTo);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int day = Arrays.binarySearch(starts, rs.getLong(1));
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
     * Adds, per agent and day, the distinct (declared measure, minute) pairs it reported: each agent day's minutes of
     * the measures the agent declared ({@code declared}: agent id to its declared measures).
     */
    void addAgentDays(long daysFrom, long daysTo, long[] starts, Map<String, Set<String>> declared,
            Map<String, long[]> reported) throws SQLException {
        AgentDayMinutes.IdReader ids = new AgentDayMinutes.IdReader();
        try (PreparedStatement query = connection.prepareStatement(AGENT_DAYS_SQL)) {
            query.setLong(1, daysFrom);
            query.setLong(2, daysTo);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String agent = rs.getString(1);
                    Set<String> measures = declared.get(agent);
                    int day = Arrays.binarySearch(starts, rs.getLong(2));
                    if (measures == null || day < 0) {
                        continue;
                    }
                    try {
                        reported.computeIfAbsent(agent, k -> new long[starts.length])[day]
                                += AgentDayMinutes.declaredMinutes(rs.getBytes(3), measures, ids);
                    } catch (IllegalArgumentException e) {
                        throw new StoreException("stored agent day " + new AgentDayMinutes.Key(agent, rs.getLong(2))
                                + " is damaged (" + e.getMessage() + "): run pmr collector rebuild-rollups");
                    }
                }
            }
        }
    }

    private static MeasureCounts plus(MeasureCounts a, MeasureCounts b, String what) {
        try {
            return a.plus(b);
        } catch (ArithmeticException e) {
            throw new StoreException("the stored " + what + " sum beyond 2^63-1");
        }
    }
}
