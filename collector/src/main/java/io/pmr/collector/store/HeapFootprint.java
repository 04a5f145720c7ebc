package io.pmr.collector.store;

/**
 * What a rollup or total kept decoded by the {@link RollupCache} takes of the heap, in bytes, by the layout of a
 * 64-bit HotSpot JVM with compressed references (any heap under 32 GB, the collector's case): 12-byte object headers,
 * 16-byte array headers, 4-byte references, every object padded to 8 bytes. Computed from a row's shape (its table
 * lengths and key strings), so that the cache's bound is a bound on the heap it holds, not a guess; {@code
 * HeapFootprintTest} checks these sums against a walk of the real objects. The tables dominate (20 bytes a slot):
 * a demo day's rollup of about 1,200 buckets in a 4,096-slot table is about 82 KB, of which under 1 KB is the rest.
 * Static functions only.
 */
final class HeapFootprint {
    static final int OBJECT_HEADER = 12;
    static final int ARRAY_HEADER = 16;
    static final int REFERENCE = 4;

    /** The entry of an access-ordered {@code LinkedHashMap} (hash, key, value, next, before, after). */
    static final long LINKED_MAP_ENTRY = align(OBJECT_HEADER + 4 + 5 * REFERENCE);
    /** A map entry's share of the map's table: one reference a slot at a load of 0.375 to 0.75 (the mean: 0.56). */
    static final long MAP_TABLE_SLOT_SHARE = 8;

    /**
     * {@link DailyRollup}: its key, five counts, the minutes, the latencies, the batch mark and its size and order, the
     * batch's total and noted start.
     */
    private static final long DAILY_ROLLUP = align(OBJECT_HEADER + 3 * REFERENCE + 5 * 8L + REFERENCE + 2 * 4
            + REFERENCE + 8L);
    /** {@link DailyRollup.Key}: three strings and the day's start. */
    private static final long ROLLUP_KEY = align(OBJECT_HEADER + 3 * REFERENCE + 8L);
    /** {@link DailyTotal}: its key, five counts and the latencies. */
    private static final long DAILY_TOTAL = align(OBJECT_HEADER + 2 * REFERENCE + 5 * 8L);
    /** {@link DailyTotal.Key}: two strings and the day's start. */
    private static final long TOTAL_KEY = align(OBJECT_HEADER + 2 * REFERENCE + 8L);
    /** {@link SparseBuckets}: three tables, four ints (shift, size, ordered prefix, order) and the total count. */
    private static final long SPARSE_BUCKETS = align(OBJECT_HEADER + 3 * REFERENCE + 4 * 4 + 8L);
    /** A {@code String}: its value array, hash, coder and hash-is-zero flag (the array counted apart). */
    private static final long STRING = align(OBJECT_HEADER + REFERENCE + 4 + 2);

    private HeapFootprint() {
    }

    /** A rollup, its key (its strings counted as its own) and its latencies. */
    static long of(DailyRollup row) {
        DailyRollup.Key key = row.key;
        return DAILY_ROLLUP + longArray(row.minutes.length) + ROLLUP_KEY + string(key.agentId())
                + string(key.measureId()) + string(key.scope()) + of(row.latencyNanos());
    }

    /** A total, its key (its strings counted as its own) and its latencies. */
    static long of(DailyTotal row) {
        DailyTotal.Key key = row.key;
        return DAILY_TOTAL + TOTAL_KEY + string(key.measureId()) + string(key.scope()) + of(row.latencyNanos());
    }

    /** The buckets' object and its three tables (keys and counts a {@code long}, the order an {@code int} a slot). */
    static long of(SparseBuckets buckets) {
        int slots = buckets.capacity();
        return SPARSE_BUCKETS + 2 * longArray(slots) + intArray(slots);
    }

    /** A string and its value array (Latin-1: a byte a char; else two). */
    static long string(String s) {
        int bytesPerChar = 1;
        for (int i = 0; i < s.length() && bytesPerChar == 1; i++) {
            bytesPerChar = s.charAt(i) < 256 ? 1 : 2;
        }
        return STRING + align(ARRAY_HEADER + (long) s.length() * bytesPerChar);
    }

    static long longArray(int length) {
        return align(ARRAY_HEADER + 8L * length);
    }

    static long intArray(int length) {
        return align(ARRAY_HEADER + 4L * length);
    }

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
