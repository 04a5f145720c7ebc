package io.pmr.collector.store;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds stored intervals to their daily rollups and to the all-agent daily totals ({@link DailyTotal}), in the
 * transaction that stores them (so a rollup or total never holds an interval the minute rows lack, nor misses one).
 * Only intervals actually inserted are added: an envelope whose key was stored before (a duplicate, or a conflict)
 * adds no interval row and so nothing here, and a replayed interval ({@link SqliteReplays}) is not a row either. The
 * rollups and totals a whole write batch touches are merged in memory, each read once (or taken from the
 * {@link RollupCache} of what earlier batches wrote, on SQLite) and written once at
 * {@link #flush} just before the commit: an agent's hourly envelopes of one day, many to a batch, cost one read and one
 * rewrite of the day's row instead of one per envelope. An interval's histogram is decoded once
 * ({@link IntervalHistograms}: no {@code Histogram} per interval) and added to its rollup only; each total takes the
 * latencies its rollups gained in the batch at {@link #flush}, once per rollup. A failed batch rolls back and the next
 * {@link #begin} forgets what it had merged. Not thread-safe: used by {@link SqliteEnvelopeWriter} inside
 * {@link SqliteStore}'s lock.
 */
final class SqliteRollups implements AutoCloseable {
    private final PreparedStatement select;
    private final PreparedStatement upsert;
    private final PreparedStatement selectTotal;
    private final PreparedStatement upsertTotal;
    private final Map<DailyRollup.Key, DailyRollup> touched = new HashMap<>();
    /** The totals this batch adds to, each read (or taken from the cache) at its first interval. */
    private final Map<DailyTotal.Key, DailyTotal> totals = new HashMap<>();
    private final IntervalHistograms decoder = new IntervalHistograms(IntervalHistograms.Decoding.READER);
    private final DayStarts days = new DayStarts();
    private final SqliteDerivedWriter derived;
    /** Rows kept decoded across batches (SQLite: one writer); null on a store other collectors write too. */
    private final RollupCache cache;
    private final Loader<DailyRollup.Key, DailyRollup> keptRollup;
    private final Loader<DailyTotal.Key, DailyTotal> keptTotal;
    private final Loader<DailyRollup.Key, DailyRollup> storedRollup = this::load;
    private final Loader<DailyTotal.Key, DailyTotal> storedTotal = this::loadTotal;
    private Envelope whereOf;
    private Object where;
    /** Mark arrays of rollups that took their batch gain ({@link DailyRollup#markBatchStart}), for the next marks. */
    private final List<long[]> spareMarks = new ArrayList<>();
    /*
     * The rollup the last interval of this batch went to: consecutive intervals of one envelope mostly share their
     * agent, measure, scope and day, so they need no key and no map lookup of their own. The rollup carries the
     * batch's total and the earliest start noted to derived for it (DailyRollup.batchTotal, batchNotedStart), so an
     * interval whose agent interleaves with others' finds both without a lookup, and only an earlier start is noted.
     */
    private DailyRollup lastRollup;

    /** @param derived first data and agent days, kept with these rollups (its {@link SqliteDerivedWriter#begin} and
     *                {@link SqliteDerivedWriter#flush} are called from here) */
    SqliteRollups(Connection connection, SqliteDerivedWriter derived, boolean soleWriter) throws SQLException {
        this.derived = derived;
        this.cache = soleWriter ? new RollupCache(connection, RollupCache.MAX_BYTES) : null;
        this.keptRollup = cache == null ? key -> null : cache::rollup;
        this.keptTotal = cache == null ? key -> null : cache::total;
        select = connection.prepareStatement("SELECT " + DailyRollup.COLUMNS + " FROM daily_rollup WHERE agent_id = ?"
                + " AND measure_id = ? AND scope = ? AND day_start_epoch_millis = ?");
        upsert = connection.prepareStatement("INSERT INTO daily_rollup (" + DailyRollup.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + replacing(DailyRollup.COLUMNS,
                        "measure_id, day_start_epoch_millis, agent_id, scope"));
        selectTotal = connection.prepareStatement("SELECT " + DailyTotal.COLUMNS + " FROM daily_total"
                + " WHERE measure_id = ? AND day_start_epoch_millis = ? AND scope = ?");
        upsertTotal = connection.prepareStatement("INSERT INTO daily_total (" + DailyTotal.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" + replacing(DailyTotal.COLUMNS,
                        "measure_id, day_start_epoch_millis, scope"));
    }

    /**
     * The upsert clause that makes an INSERT replace the row of the same primary key, in the form both engines take
     * (SQLite's {@code INSERT OR REPLACE} is its own): every column not in the key set from the new row.
     */
    static String replacing(String columns, String keyColumns) {
        java.util.Set<String> key = java.util.Set.of(keyColumns.split(",\\s*"));
        StringBuilder set = new StringBuilder();
        for (String column : columns.split(",\\s*")) {
            if (!key.contains(column)) {
                set.append(set.length() == 0 ? "" : ", ").append(column).append(" = excluded.").append(column);
            }
        }
        return " ON CONFLICT (" + keyColumns + ") DO UPDATE SET " + set;
    }

    /**
     * The batch's row of {@code key}: at the batch's first touch of it, the one earlier batches kept, else the stored
     * one (a new, empty row when none is stored).
     */
    private static <K, V> V row(Map<K, V> batch, K key, Loader<K, V> kept, Loader<K, V> stored)
            throws SQLException {
        V row = batch.get(key);
        if (row == null) {
            row = kept.load(key);
            if (row == null) {
                row = stored.load(key);
            }
            batch.put(key, row);
        }
        return row;
    }

    /** Finds one row (in the cache, or the store). */
    @FunctionalInterface
    private interface Loader<K, V> {
        V load(K key) throws SQLException;
    }

    /** Starts a write batch: forgets what a failed earlier batch may have left. */
    void begin() {
        touched.clear();
        totals.clear();
        forgetLast();
        derived.begin();
        if (cache != null) {
            cache.begin();
        }
    }

    /** The batch committed: the rows it wrote are kept for the next batches. */
    void committed() {
        if (cache != null) {
            cache.committed();
        }
    }

    /** The rollups were rewritten by other means (rebuild-rollups) or a batch rolled back: nothing kept holds. */
    void forgetKept() {
        forgetLast();
        if (cache != null) {
            cache.clear();
        }
    }

    /**
     * Adds one interval row just inserted, in this batch, for {@code envelope}; {@code histogram} is the report's
     * histogram bytes (null when it has none), not changed.
     */
    void add(Envelope envelope, IntervalReport report, byte[] histogram, PreparedEnvelope prepared, int index)
            throws SQLException {
        long start = report.getIntervalStartEpochMillis();
        DailyRollup rollup = lastRollup;
        long day = days.of(start);
        if (rollup == null || !sameKey(rollup.key, envelope.getAgentId(), report, day)) {
            DailyRollup.Key key = new DailyRollup.Key(envelope.getAgentId(), report.getMeasureId(), report.getScope(),
                    day);
            rollup = touched.get(key);
            if (rollup == null) {
                // the batch's first interval of this rollup: its batch state starts afresh (a kept rollup's too)
                rollup = row(touched, key, keptRollup, storedRollup);
                rollup.markBatchStart(spareMarks.isEmpty() ? null : spareMarks.remove(spareMarks.size() - 1));
                rollup.batchTotal = row(totals, DailyTotal.Key.of(key), keptTotal, storedTotal);
                rollup.batchNotedStart = Long.MAX_VALUE;
            }
            lastRollup = rollup;
        }
        if (start < rollup.batchNotedStart) {
            // a later interval of the same rollup changes neither the first data (a minimum) nor the days touched
            rollup.batchNotedStart = start;
            derived.interval(rollup.key, start);
        }
        // the latencies go into the rollup only: the total takes the rollup's gain at the flush
        if (prepared != null && prepared.decoded(index)) {
            rollup.addInterval(start, report.getEvents(), report.getWithinTrt(), report.getTimedOut(),
                    report.getFailed(), prepared, index, where(envelope));
        } else {
            rollup.addInterval(start, report.getEvents(), report.getWithinTrt(), report.getTimedOut(),
                    report.getFailed(), histogram, report.getHistogramUnitValue(), decoder, where(envelope));
        }
        rollup.batchTotal.addIntervalCounts(report.getEvents(), report.getWithinTrt(), report.getTimedOut(),
                report.getFailed());
    }

    /** True when an interval of this agent, report and day belongs to the rollup of {@code key}. */
    private static boolean sameKey(DailyRollup.Key key, String agentId, IntervalReport report, long day) {
        return key.dayStartEpochMillis() == day && key.agentId().equals(agentId)
                && key.measureId().equals(report.getMeasureId()) && key.scope().equals(report.getScope());
    }

    /** Forgets the last interval's rollup (the maps are cleared, or were). */
    private void forgetLast() {
        lastRollup = null;
    }

    /**
     * Writes the batch's touched rollups and totals, one row each, in key order, then the first data and agent days
     * they change; call it before the batch commits.
     */
    void flush() throws SQLException {
        try {
            for (DailyRollup rollup : touched.values()) {
                // before the rollups are encoded (which reorders their buckets)
                spareMarks.add(rollup.batchTotal.addRollupGain(rollup));
                rollup.batchTotal = null; // kept rollups hold no total (nor its heap: HeapFootprint)
            }
            List<DailyRollup> inKeyOrder = new ArrayList<>(touched.values());
            inKeyOrder.sort(Comparator.comparing(rollup -> rollup.key, DailyRollup.Key.ORDER));
            for (DailyRollup rollup : inKeyOrder) {
                rollup.bind(upsert);
                upsert.addBatch();
            }
            if (!touched.isEmpty()) {
                upsert.executeBatch();
            }
            List<DailyTotal> totalsInKeyOrder = new ArrayList<>(totals.values());
            totalsInKeyOrder.sort(Comparator.comparing(total -> total.key, DailyTotal.Key.ORDER));
            for (DailyTotal total : totalsInKeyOrder) {
                total.bind(upsertTotal);
                upsertTotal.addBatch();
            }
            if (!totals.isEmpty()) {
                upsertTotal.executeBatch();
            }
            derived.flush(); // reads back the rollups just written
            if (cache != null) {
                cache.written(inKeyOrder, totalsInKeyOrder);
            }
        } finally {
            touched.clear();
            totals.clear();
            forgetLast();
            whereOf = null;
        }
    }

    /** The envelope key for the logs, put into words only when a log line is written. */
    private Object where(Envelope envelope) {
        if (envelope != whereOf) {
            whereOf = envelope;
            where = new EnvelopeName(envelope);
        }
        return where;
    }

    /** An envelope's key as the logs write it ({@code agent/boot epoch/sequence}), formatted on demand. */
    private record EnvelopeName(Envelope envelope) {
        @Override
        public String toString() {
            return envelope.getAgentId() + "/" + Long.toUnsignedString(envelope.getBootEpoch()) + "/"
                    + Long.toUnsignedString(envelope.getSequence());
        }
    }

    private DailyTotal loadTotal(DailyTotal.Key key) throws SQLException {
        DailyTotal total = new DailyTotal(key);
        selectTotal.setString(1, key.measureId());
        selectTotal.setLong(2, key.dayStartEpochMillis());
        selectTotal.setString(3, key.scope());
        try (ResultSet rs = selectTotal.executeQuery()) {
            if (rs.next()) {
                total.addStored(rs, 4);
            }
        }
        return total;
    }

    private DailyRollup load(DailyRollup.Key key) throws SQLException {
        DailyRollup rollup = new DailyRollup(key);
        select.setString(1, key.agentId());
        select.setString(2, key.measureId());
        select.setString(3, key.scope());
        select.setLong(4, key.dayStartEpochMillis());
        try (ResultSet rs = select.executeQuery()) {
            if (rs.next()) {
                rollup.addStored(rs, 5);
            }
        }
        return rollup;
    }

    @Override
    public void close() throws SQLException {
        if (cache != null) {
            cache.close();
        }
        decoder.close();
        select.close();
        upsert.close();
        selectTotal.close();
        upsertTotal.close();
    }
}
