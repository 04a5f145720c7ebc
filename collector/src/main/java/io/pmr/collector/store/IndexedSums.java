package io.pmr.collector.store;

import java.util.Arrays;

/**
 * The summed counts of several intervals' histograms of one latency unit, by HdrHistogram counts-array index (3
 * digits, unit 1, as {@link CompressedHistogramReader} reads them), waiting to go into one {@link SparseBuckets}: an
 * interval's buckets cost an array add each here, and each index is mapped to its nanosecond bucket
 * ({@link UnitBuckets}) and probed into the table once per {@link #settle}, not once per interval. A rollup takes
 * an hourly envelope's 60 intervals in a row, each with the same few dozen buckets, so most of the per-interval
 * mapping and probing goes. The caller checks every interval before adding it (its buckets map, its total fits) and
 * settles before anything else reads or adds to the target ({@link IntervalHistograms#addDeferred}).
 *
 * <p>Memory: a long per index up to the largest index added (at most 64 x 1,024: 512 KB), grown on demand and kept.
 * Not thread-safe: one per writer thread's decoder.
 */
final class IndexedSums {
    /** Counts-array indexes of a 3-digit histogram stay below this (as {@link UnitBuckets}' table). */
    static final int MAX_INDEXES = 64 * 1024;

    /** The sum of the counts added at each index since the last settle; 0 where none (every count added is > 0). */
    private long[] sums = new long[1024];
    /** The indexes with a sum, in the order they were first added to. */
    private int[] touched = new int[64];
    private int size;
    /** The nanosecond buckets and counts handed to the target at a settle (reused). */
    private long[] buckets = new long[64];
    private long[] counts = new long[64];

    /**
     * Adds {@code counts[i]} at index {@code indexes[i]} for i below {@code n}: indexes ascending, each below
     * {@link #MAX_INDEXES}, each count above 0 and the counts' sum (with what waits already) at most 2^63-1, which the
     * caller checked.
     */
    void add(int[] indexes, long[] counts, int n) {
        if (n == 0) {
            return;
        }
        int highest = indexes[n - 1];
        if (highest >= sums.length) {
            sums = Arrays.copyOf(sums, Math.min(MAX_INDEXES, Integer.highestOneBit(highest) << 1));
        }
        if (size + n > touched.length) {
            touched = Arrays.copyOf(touched, Math.max(size + n, touched.length * 2));
        }
        long[] sumsByIndex = sums;
        int[] touchedIndexes = touched;
        int taken = size;
        for (int i = 0; i < n; i++) {
            int index = indexes[i];
            long sum = sumsByIndex[index];
            if (sum == 0) {
                touchedIndexes[taken++] = index;
            }
            sumsByIndex[index] = sum + counts[i];
        }
        size = taken;
    }

    /**
     * Adds what waits to {@code into} (each index's sum into its nanosecond bucket of {@code unit}; {@code total} the
     * sum of all that waits) and forgets it: {@link SparseBuckets#addBuckets}, so the one overflow check is the
     * total's, which the caller made as each interval was added.
     *
     * @throws ArithmeticException when {@code into}'s total would pass 2^63-1 (only if something was added to it
     *                             since the intervals were checked; what waits is forgotten all the same)
     */
    void settle(UnitBuckets table, int unit, SparseBuckets into, long total) {
        try {
            if (size > buckets.length) {
                buckets = new long[Math.max(size, buckets.length * 2)];
                counts = new long[buckets.length];
            }
            for (int i = 0; i < size; i++) {
                int index = touched[i];
                buckets[i] = table.bucket(unit, index);
                counts[i] = sums[index];
            }
            into.addBuckets(buckets, counts, size, total);
        } finally {
            drop();
        }
    }

    /** Forgets what waits (a failed batch's). */
    void drop() {
        for (int i = 0; i < size; i++) {
            sums[touched[i]] = 0;
        }
        size = 0;
    }
}
