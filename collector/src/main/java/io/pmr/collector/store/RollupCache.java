package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily rollups and all-agent daily totals the ingest writer last wrote, kept decoded across its transactions, so a
 * row that batch after batch touches (an agent's day of a measure, the measure's day total) is read from the store
 * and decoded once rather than once per batch, and its buckets stay in key order for the next encoding. SQLite only,
 * where one writer owns the file ({@link StoreLock}); on PostgreSQL other collectors write the same rows.
 *
 * <p>It holds committed state only. What a batch read or changed becomes part of it at {@link #committed}, after the
 * commit; a batch that does not reach it (a rollback, an exception of any kind) leaves the cache cleared at the next
 * {@link #begin}, since the objects it changed may hold what was rolled back. Another connection's commit (another
 * process writing the file, rebuild-rollups from a second connection) changes SQLite's {@code PRAGMA data_version}:
 * a batch reads it at its first lookup, which comes after the batch's first write (its envelope key), so the batch
 * holds the file's write lock and no other commit can follow unseen; if it changed, the cache is cleared. Work on the writer's own connection that rewrites rollups
 * calls {@link #clear}. Least recently used rows are dropped past about {@link #MAX_BYTES} of estimated heap.
 * Not thread-safe: used by {@link SqliteRollups} inside {@link SqliteStore}'s lock.
 */
final class RollupCache implements AutoCloseable {
    /** The heap the cached rows may take, estimated from their tables' sizes (a day of the 30,000-hub demo: ~25 MB). */
    static final long MAX_BYTES = 64L << 20;
    /** A row's fixed share: the object, its key, the minute words and the map entry. */
    private static final int ROW_BYTES = 512;

    private final PreparedStatement dataVersion;
    private final long maxBytes;
    private final LinkedHashMap<DailyRollup.Key, Cached<DailyRollup>> rollups = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<DailyTotal.Key, Cached<DailyTotal>> totals = new LinkedHashMap<>(64, 0.75f, true);
    private final List<DailyRollup> batchRollups = new ArrayList<>();
    private final List<DailyTotal> batchTotals = new ArrayList<>();
    private long bytes;
    private long lastDataVersion = Long.MIN_VALUE;
    /** A batch began and has not committed: what it touched may hold rolled-back sums. */
    private boolean batchOpen;
    /** This batch read {@code data_version} already. */
    private boolean checked;
    private long hits;
    private long misses;

    RollupCache(Connection connection, long maxBytes) throws SQLException {
        this.dataVersion = connection.prepareStatement("PRAGMA data_version");
        this.maxBytes = maxBytes;
    }

    /** Starts a batch: clears the cache if the last batch did not commit. */
    void begin() {
        if (batchOpen) {
            clear();
        }
        batchOpen = true;
        checked = false;
        batchRollups.clear();
        batchTotals.clear();
    }

    /**
     * The committed rollup of the key, or null when it is not kept (read it from the store). Call only after the
     * batch wrote something (it then holds SQLite's write lock).
     */
    DailyRollup rollup(DailyRollup.Key key) throws SQLException {
        checkOthers();
        Cached<DailyRollup> cached = rollups.get(key);
        count(cached);
        return cached == null ? null : cached.row;
    }

    /** The committed total of the key, or null when it is not kept; as {@link #rollup}. */
    DailyTotal total(DailyTotal.Key key) throws SQLException {
        checkOthers();
        Cached<DailyTotal> cached = totals.get(key);
        count(cached);
        return cached == null ? null : cached.row;
    }

    /** Once a batch: clears the cache if another connection committed since the last check. */
    private void checkOthers() throws SQLException {
        if (checked) {
            return;
        }
        long version;
        try (ResultSet rs = dataVersion.executeQuery()) {
            rs.next();
            version = rs.getLong(1);
        }
        if (version != lastDataVersion) {
            clear();
            lastDataVersion = version;
        }
        checked = true;
    }

    /** The batch wrote these rows as they now are: kept once it commits. */
    void written(Collection<DailyRollup> rows, Collection<DailyTotal> totalRows) {
        batchRollups.addAll(rows);
        batchTotals.addAll(totalRows);
    }

    /** The batch committed: what it wrote is the stored state now. */
    void committed() {
        for (DailyRollup row : batchRollups) {
            bytes += keep(rollups, row.key, row, row.latencyNanos());
        }
        for (DailyTotal row : batchTotals) {
            bytes += keep(totals, row.key, row, row.latencyNanos());
        }
        batchRollups.clear();
        batchTotals.clear();
        batchOpen = false;
        evict(rollups);
        evict(totals);
    }

    /** Forgets every row (the store's rollups were rewritten by other means, or a batch failed). */
    void clear() {
        rollups.clear();
        totals.clear();
        batchRollups.clear();
        batchTotals.clear();
        bytes = 0;
    }

    /** Estimated heap of the kept rows, in bytes. */
    long bytes() {
        return bytes;
    }

    /** Rows asked for and found kept / not kept, since the store opened. */
    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    private void count(Cached<?> cached) {
        if (cached == null) {
            misses++;
        } else {
            hits++;
        }
    }

    /** Keeps (or re-accounts) one row; the change in estimated bytes. */
    private static <K, V> long keep(Map<K, Cached<V>> map, K key, V row, SparseBuckets nanos) {
        long rowBytes = ROW_BYTES + 20L * nanos.capacity();
        Cached<V> cached = map.get(key);
        if (cached == null || cached.row != row) {
            long before = cached == null ? 0 : cached.bytes;
            map.put(key, new Cached<>(row, rowBytes));
            return rowBytes - before;
        }
        long change = rowBytes - cached.bytes;
        cached.bytes = rowBytes;
        return change;
    }

    /** Drops the least recently used rows of the map while the cache is over its bound. */
    private void evict(LinkedHashMap<?, ? extends Cached<?>> map) {
        Iterator<? extends Cached<?>> eldest = map.values().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().bytes;
            eldest.remove();
        }
    }

    @Override
    public void close() throws SQLException {
        dataVersion.close();
    }

    /** A kept row and the bytes it was accounted at. */
    private static final class Cached<V> {
        final V row;
        long bytes;

        Cached(V row, long bytes) {
            this.row = row;
            this.bytes = bytes;
        }
    }
}
