package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Comparator;
import java.util.zip.DataFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One row of {@code daily_rollup} being built: the sums of an agent's intervals of one measure and scope starting in
 * one UK day (Europe/London), the minutes of the day they cover and their merged latency histogram in nanoseconds.
 * Built the same way at ingest ({@link SqliteRollups}), in the v8 migration and by {@code rebuild-rollups}
 * ({@link RollupAudit}), so a rollup always equals a fresh aggregation of its minute rows. Not thread-safe.
 */
final class DailyRollup {
    private static final Logger LOG = LoggerFactory.getLogger(DailyRollup.class);
    /** The rollup columns in table order; {@link #bind} and {@link #read} follow it. */
    static final String COLUMNS = "agent_id, measure_id, scope, day_start_epoch_millis, intervals, events, within_trt,"
            + " timed_out, failed, minutes, histogram";

    /** A rollup's primary key, ordered as SQLite orders the table (BINARY collation: code point order). */
    record Key(String agentId, String measureId, String scope, long dayStartEpochMillis) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::agentId, DailyRollup::compareCodePoints)
                .thenComparing(Key::measureId, DailyRollup::compareCodePoints)
                .thenComparing(Key::scope, DailyRollup::compareCodePoints)
                .thenComparingLong(Key::dayStartEpochMillis);

        @Override
        public String toString() {
            return "(agent '" + agentId + "', measure " + measureId + ", scope '" + scope + "', day "
                    + UkCalendar.dayOf(dayStartEpochMillis) + ")";
        }
    }

    final Key key;
    long intervals;
    long events;
    long withinTrt;
    long timedOut;
    long failed;
    final long[] minutes = new long[RollupCodec.MINUTE_WORDS];
    private final SparseBuckets latencyNanos = new SparseBuckets();
    /** The latencies' counts when the write batch first touched this rollup ({@link #markBatchStart}), or null. */
    private long[] batchStartCounts;
    private int batchStartSize;
    private int batchStartOrder;
    /**
     * The write batch's state of this rollup, set by {@link SqliteRollups} when a batch first touches it: the batch's
     * total of its measure, scope and day (null outside a batch), and the earliest interval start noted to the derived
     * rows for it in the batch. Kept here so that an interval of an agent that interleaves with others (envelopes of
     * twenty agents in turns) finds both without a map lookup, and notes the derived rows only when it starts earlier.
     */
    DailyTotal batchTotal;
    long batchNotedStart;

    DailyRollup(Key key) {
        this.key = key;
    }

    /**
     * Adds one stored interval. A histogram that does not decode, has an unknown unit or overflows nanoseconds is left
     * out and logged with its envelope key, as the minute-row read leaves it out: counts still add.
     *
     * @param decoder the caller's decoder, reused across calls (may be null when {@code histogram} is)
     * @param where   the interval's envelope key, for the log (its {@code toString} is called only if one is written)
     */
    void addInterval(long startEpochMillis, long events, long withinTrt, long timedOut, long failed,
            byte[] histogram, int unit, IntervalHistograms decoder, Object where) {
        addCounts(startEpochMillis, events, withinTrt, timedOut, failed);
        if (histogram == null || histogram.length == 0) {
            return;
        }
        if (!LatencyNanos.knownUnit(unit)) {
            LOG.warn("Rollup {} leaves out the histogram of envelope {}: unknown latency unit {}", key, where, unit);
            return;
        }
        try {
            decoder.decode(histogram, unit);
            decoder.addTo(latencyNanos);
        } catch (DataFormatException | RuntimeException e) {
            LOG.warn("Rollup {} leaves out the histogram of envelope {}: {}", key, where, e.toString());
        }
    }

    /**
     * Adds one stored interval whose histogram {@code prepared} decoded (interval {@code index} of its envelope):
     * the same sums as {@link #addInterval}, without decoding on the writer thread.
     */
    void addInterval(long startEpochMillis, long events, long withinTrt, long timedOut, long failed,
            PreparedEnvelope prepared, int index, Object where) {
        addCounts(startEpochMillis, events, withinTrt, timedOut, failed);
        try {
            prepared.addTo(index, latencyNanos);
        } catch (ArithmeticException e) {
            LOG.warn("Rollup {} leaves out the histogram of envelope {}: {}", key, where, e.toString());
        }
    }

    private void addCounts(long startEpochMillis, long events, long withinTrt, long timedOut, long failed) {
        this.intervals = ExactSums.add(this.intervals, 1, this);
        this.events = ExactSums.add(this.events, events, this);
        this.withinTrt = ExactSums.add(this.withinTrt, withinTrt, this);
        this.timedOut = ExactSums.add(this.timedOut, timedOut, this);
        this.failed = ExactSums.add(this.failed, failed, this);
        RollupCodec.setMinute(minutes, (int) ((startEpochMillis - key.dayStartEpochMillis) / 60_000L));
    }

    /**
     * Marks the latencies as they are when a write batch first touches this rollup, so that {@link #addBatchGainTo}
     * can give the day's total what the batch added: each interval's buckets then go into the rollup only, and the
     * total takes the batch's gain once per rollup instead of every interval's buckets again.
     *
     * @param spare an array to copy the counts into (or null): {@link #addBatchGainTo} hands it back
     */
    void markBatchStart(long[] spare) {
        batchStartCounts = latencyNanos.markCounts(spare);
        batchStartSize = latencyNanos.size();
        batchStartOrder = latencyNanos.usedOrder();
    }

    /**
     * Adds the latencies added since {@link #markBatchStart} to {@code total} (the total of this rollup's measure,
     * scope and day) and forgets the mark; call before the rollup is encoded.
     *
     * @return the mark's array, for the next mark
     * @throws ArithmeticException when the total's counts would pass 2^63-1
     */
    long[] addBatchGainTo(SparseBuckets total) {
        long[] mark = batchStartCounts;
        batchStartCounts = null;
        latencyNanos.addGainSince(mark, batchStartSize, batchStartOrder, total);
        return mark;
    }

    /** The merged latencies in nanoseconds (live: the caller only reads them). */
    SparseBuckets latencyNanos() {
        return latencyNanos;
    }

    /** Adds latencies already in nanoseconds, bucket for bucket (a 3-digit histogram): the synthetic store's path. */
    void addNanos(SparseBuckets nanos) {
        latencyNanos.addAll(nanos);
    }

    /** Adds a stored row of the same key (its columns from {@link #COLUMNS}' 5th on, at {@code first}). */
    void addStored(ResultSet rs, int first) throws SQLException {
        intervals = ExactSums.add(intervals, rs.getLong(first), this);
        events = ExactSums.add(events, rs.getLong(first + 1), this);
        withinTrt = ExactSums.add(withinTrt, rs.getLong(first + 2), this);
        timedOut = ExactSums.add(timedOut, rs.getLong(first + 3), this);
        failed = ExactSums.add(failed, rs.getLong(first + 4), this);
        byte[] storedMinutes = rs.getBytes(first + 5);
        byte[] storedHistogram = rs.getBytes(first + 6);
        try {
            if (storedMinutes != null) {
                RollupCodec.orMinutes(storedMinutes, minutes);
            }
            if (storedHistogram != null) {
                latencyNanos.addEncoded(storedHistogram);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new StoreException("stored " + this + " is damaged (" + e.getMessage()
                    + "): run pmr collector rebuild-rollups");
        }
    }

    /** Binds the row to an INSERT of {@link #COLUMNS} (parameters 1..11). */
    void bind(PreparedStatement insert) throws SQLException {
        insert.setString(1, key.agentId());
        insert.setString(2, key.measureId());
        insert.setString(3, key.scope());
        insert.setLong(4, key.dayStartEpochMillis());
        insert.setLong(5, intervals);
        insert.setLong(6, events);
        insert.setLong(7, withinTrt);
        insert.setLong(8, timedOut);
        insert.setLong(9, failed);
        insert.setBytes(10, RollupCodec.encodeMinutes(minutes));
        bindHistogram(insert, 11, latencyNanos);
    }

    /** Binds a merged histogram's encoding, or SQL NULL when it holds nothing. */
    static void bindHistogram(PreparedStatement insert, int index, SparseBuckets nanos) throws SQLException {
        byte[] histogram = nanos.encode();
        if (histogram == null) {
            // BLOB in SQLite, bytea in PostgreSQL (where Types.BLOB would be an oid)
            insert.setNull(index, Types.VARBINARY);
        } else {
            insert.setBytes(index, histogram);
        }
    }

    /**
     * The columns that differ from a stored row read with {@link #COLUMNS} (the key already matched), named; empty
     * when the row is this rollup, byte for byte.
     */
    String differences(ResultSet stored) throws SQLException {
        StringBuilder out = countDifferences(stored, 5, intervals, events, withinTrt, timedOut, failed);
        if (!Arrays.equals(stored.getBytes(10), RollupCodec.encodeMinutes(minutes))) {
            out.append(out.isEmpty() ? "" : ", ").append("minutes");
        }
        if (!Arrays.equals(stored.getBytes(11), latencyNanos.encode())) {
            out.append(out.isEmpty() ? "" : ", ").append("histogram");
        }
        return out.toString();
    }

    /**
     * The five counts of a stored rollup or total (columns {@code first..first+4}) that differ from fresh ones, named
     * with both values; empty when none does.
     */
    static StringBuilder countDifferences(ResultSet stored, int first, long intervals, long events, long withinTrt,
            long timedOut, long failed) throws SQLException {
        StringBuilder out = new StringBuilder();
        long[] expected = {intervals, events, withinTrt, timedOut, failed};
        String[] names = {"intervals", "events", "within_trt", "timed_out", "failed"};
        for (int i = 0; i < expected.length; i++) {
            long value = stored.getLong(first + i);
            if (value != expected[i]) {
                out.append(out.isEmpty() ? "" : ", ").append(names[i]).append(' ').append(value)
                        .append(" (fresh ").append(expected[i]).append(')');
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "rollup " + key;
    }

    /** The key of a row read with {@link #COLUMNS}. */
    static Key readKey(ResultSet rs) throws SQLException {
        return new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }

    /** Compares as SQLite's BINARY collation does on UTF-8: by code point. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
