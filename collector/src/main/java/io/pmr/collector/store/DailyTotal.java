package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One row of {@code daily_total} being built: the sums over every agent of one measure and scope's intervals starting
 * in one UK day, and their merged latency histogram in nanoseconds; that is, the sum of the day's {@link DailyRollup}s
 * of the measure and scope. What the report's period sums, daily counts, histograms and {@code .hlog} files read: a
 * month is (measure scopes x days) rows whatever the agent count. Written at ingest with the rollups
 * ({@link SqliteRollups}), by the v9 back-fill and by {@code rebuild-rollups} ({@link RollupAudit}), always by adding
 * rollups or intervals the same way, so a total equals the sum of its rollups byte for byte. Not thread-safe.
 */
final class DailyTotal {
    /** The total columns in table order; {@link #bind} and {@link #addStored} follow it. */
    static final String COLUMNS = "measure_id, scope, day_start_epoch_millis, intervals, events, within_trt,"
            + " timed_out, failed, histogram";

    /** A total's key; {@link #ORDER} is the order of {@code ORDER BY measure_id, scope, day_start_epoch_millis}. */
    record Key(String measureId, String scope, long dayStartEpochMillis) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::measureId, DailyRollup::compareCodePoints)
                .thenComparing(Key::scope, DailyRollup::compareCodePoints)
                .thenComparingLong(Key::dayStartEpochMillis);

        static Key of(DailyRollup.Key rollup) {
            return new Key(rollup.measureId(), rollup.scope(), rollup.dayStartEpochMillis());
        }

        @Override
        public String toString() {
            return "(measure " + measureId + ", scope '" + scope + "', day " + UkCalendar.dayOf(dayStartEpochMillis)
                    + ")";
        }
    }

    final Key key;
    long intervals;
    long events;
    long withinTrt;
    long timedOut;
    long failed;
    private final SparseBuckets latencyNanos = new SparseBuckets();

    DailyTotal(Key key) {
        this.key = key;
    }

    /**
     * Adds one interval's counts; its latencies come with its rollup's batch gain ({@link #addRollupGain}).
     */
    void addIntervalCounts(long events, long withinTrt, long timedOut, long failed) {
        this.intervals = ExactSums.add(this.intervals, 1, this);
        add(events, withinTrt, timedOut, failed);
    }

    /**
     * Adds the latencies a write batch added to one of its rollups ({@link DailyRollup#addBatchGainTo}).
     *
     * @return the rollup's mark array, for its next mark
     */
    long[] addRollupGain(DailyRollup rollup) {
        try {
            return rollup.addBatchGainTo(latencyNanos);
        } catch (ArithmeticException e) {
            throw new StoreException("the latency counts of " + this + " sum beyond 2^63-1");
        }
    }

    /** The summed latencies in nanoseconds (live: the caller only reads them). */
    SparseBuckets latencyNanos() {
        return latencyNanos;
    }

    /** Adds a whole rollup of the same measure, scope and day. */
    void addRollup(DailyRollup rollup) {
        this.intervals = ExactSums.add(this.intervals, rollup.intervals, this);
        add(rollup.events, rollup.withinTrt, rollup.timedOut, rollup.failed);
        addNanos(rollup.latencyNanos());
    }

    /**
     * Adds a stored row of the same key read with {@link #COLUMNS} (its 4th column on, at {@code first}).
     *
     * @throws StoreException when the stored histogram is damaged (rebuild-rollups re-derives it)
     */
    void addStored(ResultSet rs, int first) throws SQLException {
        intervals = ExactSums.add(intervals, rs.getLong(first), this);
        add(rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3), rs.getLong(first + 4));
        byte[] histogram = rs.getBytes(first + 5);
        try {
            if (histogram != null) {
                latencyNanos.addEncoded(histogram);
            }
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new StoreException("stored " + this + " is damaged (" + e.getMessage()
                    + "): run pmr collector rebuild-rollups");
        }
    }

    private void add(long events, long withinTrt, long timedOut, long failed) {
        this.events = ExactSums.add(this.events, events, this);
        this.withinTrt = ExactSums.add(this.withinTrt, withinTrt, this);
        this.timedOut = ExactSums.add(this.timedOut, timedOut, this);
        this.failed = ExactSums.add(this.failed, failed, this);
    }

    private void addNanos(SparseBuckets nanos) {
        try {
            latencyNanos.addAll(nanos);
        } catch (ArithmeticException e) {
            throw new StoreException("the latency counts of " + this + " sum beyond 2^63-1");
        }
    }

    @Override
    public String toString() {
        return "daily total " + key;
    }

    /** Binds the row to an INSERT of {@link #COLUMNS} (parameters 1..9). */
    void bind(PreparedStatement insert) throws SQLException {
        insert.setString(1, key.measureId());
        insert.setString(2, key.scope());
        insert.setLong(3, key.dayStartEpochMillis());
        insert.setLong(4, intervals);
        insert.setLong(5, events);
        insert.setLong(6, withinTrt);
        insert.setLong(7, timedOut);
        insert.setLong(8, failed);
        DailyRollup.bindHistogram(insert, 9, latencyNanos);
    }

    /**
     * The columns that differ from a stored row read with {@link #COLUMNS} (the key already matched), named; empty
     * when the row is this total, byte for byte.
     */
    String differences(ResultSet stored) throws SQLException {
        StringBuilder out = DailyRollup.countDifferences(stored, 4, intervals, events, withinTrt, timedOut, failed);
        if (!Arrays.equals(stored.getBytes(9), latencyNanos.encode())) {
            out.append(out.isEmpty() ? "" : ", ").append("histogram");
        }
        return out.toString();
    }

    /** The key of a row read with {@link #COLUMNS}. */
    static Key readKey(ResultSet rs) throws SQLException {
        return new Key(rs.getString(1), rs.getString(2), rs.getLong(3));
    }
}
