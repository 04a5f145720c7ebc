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
 * calls {@link #clear}. The least recently used rows, rollups and totals alike, are dropped past {@link #MAX_BYTES} of
 * heap ({@link HeapFootprint}).
 * Not thread-safe: used by {@link SqliteRollups} inside {@link SqliteStore}'s lock.
 */
final class RollupCache implements AutoCloseable {
    /**
     * The heap the kept rows may take ({@link HeapFootprint}: their objects, tables and key strings, and their map
     * entries). A 30,000-hub demo day's rollups and totals come to about 200 rows and 14 to 16 MB by its end (a
     * rollup of about 1,200 buckets in a 4,096-slot table is 82 KB); a batch touches the rows of the day or two its
     * envelopes cover, and a row of an earlier day is seldom touched again. Chosen by measurement (docs/performance.md, demo
     * round 12): over a 30,000-hub month 32 MB reads about 600 dropped rows back from the store, 64 MB about 290 with
     * 45 MB more live, 16 MB about 5,700.
     */
    static final long MAX_BYTES = 32L << 20;
    /** A kept row's share of the map: its entry, its holder and its slot of the map's table. */
    private static final long ENTRY_BYTES = HeapFootprint.LINKED_MAP_ENTRY
            + HeapFootprint.align(HeapFootprint.OBJECT_HEADER + HeapFootprint.REFERENCE + 8L)
            + HeapFootprint.MAP_TABLE_SLOT_SHARE;

    private final PreparedStatement dataVersion;
    private final long maxBytes;
    /**
     * The rollups and the totals (their keys are of two record types, never equal), in one access order: the least
     * recently used row of either kind goes first (two maps emptied one after the other dropped every rollup, the rows
     * each batch reads again, before any total of a past day).
     */
    private final LinkedHashMap<Object, Cached> kept = new LinkedHashMap<>(256, 0.75f, true);
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
        Cached cached = kept.get(key);
        count(cached);
        return cached == null ? null : (DailyRollup) cached.row;
    }

    /** The committed total of the key, or null when it is not kept; as {@link #rollup}. */
    DailyTotal total(DailyTotal.Key key) throws SQLException {
        checkOthers();
        Cached cached = kept.get(key);
        count(cached);
        return cached == null ? null : (DailyTotal) cached.row;
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
            bytes += keep(row.key, row, HeapFootprint.of(row));
        }
        for (DailyTotal row : batchTotals) {
            bytes += keep(row.key, row, HeapFootprint.of(row));
        }
        batchRollups.clear();
        batchTotals.clear();
        batchOpen = false;
        evict();
    }

    /** Forgets every row (the store's rollups were rewritten by other means, or a batch failed). */
    void clear() {
        kept.clear();
        batchRollups.clear();
        batchTotals.clear();
        bytes = 0;
    }

    /** The heap the kept rows take ({@link HeapFootprint}, as of their last commit), in bytes. */
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

    private void count(Cached cached) {
        if (cached == null) {
            misses++;
        } else {
            hits++;
        }
    }

    /** Keeps (or re-accounts) one row of {@code rowBytes} and its entry; the change in bytes. */
    private long keep(Object key, Object row, long rowBytes) {
        long total = ENTRY_BYTES + rowBytes;
        Cached cached = kept.get(key);
        if (cached == null || cached.row != row) {
            long before = cached == null ? 0 : cached.bytes;
            kept.put(key, new Cached(row, total));
            return total - before;
        }
        long change = total - cached.bytes;
        cached.bytes = total;
        return change;
    }

    /** Drops the least recently used rows, of either kind, while the cache is over its bound. */
    private void evict() {
        Iterator<Cached> eldest = kept.values().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().bytes;
            eldest.remove();
        }
    }

    @Override
    public void close() throws SQLException {
        dataVersion.close();
    }

    /** A kept row (a {@link DailyRollup} or a {@link DailyTotal}) and the bytes it was accounted at. */
    private static final class Cached {
        final Object row;
        long bytes;

        Cached(Object row, long bytes) {
            this.row = row;
            this.bytes = bytes;
        }
    }
}
