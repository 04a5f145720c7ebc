package io.pmr.collector.store;

/**
 * Per latency unit, the nanosecond bucket of each bucket of a 3-digit histogram in that unit: for counts-array index
 * {@code i}, {@link SparseBuckets#bucketOf} of the bucket's highest equivalent value
 * ({@link CompressedHistogramReader#highestEquivalentValue}) times the unit's nanoseconds, as
 * {@link LatencyNanos#addInterval}'s rule converts it. A table lookup instead of HdrHistogram's bucket arithmetic for
 * every bucket of every interval; filled lazily, 1,024 indexes (one power of two of values) at a time, the first time
 * one of them is asked for. Not thread-safe: one per decoding thread (a few hundred KB at most per unit met).
 */
final class UnitBuckets {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** Counts-array indexes of a 3-digit histogram stay below 64 x 1,024 (at most 55 powers of two of buckets). */
    private static final int CHUNKS = 64;
    /** Table values for the buckets with no nanosecond bucket (real buckets are >= 0). */
    private static final long NEGATIVE = -1;
    private static final long BEYOND_LONG = -2;

    /** [unit][chunk][index within the chunk]. */
    private final long[][][] tables = new long[4][][];

    /**
     * The nanosecond bucket of counts-array index {@code index} of a histogram in {@code unit}.
     *
     * @throws IllegalArgumentException when the bucket's value is negative in nanoseconds (a value beyond 2^63-1 in
     *                                  the unit's own arithmetic), as {@link SparseBuckets#add} refuses it
     * @throws ArithmeticException      when its nanosecond bucket would pass 2^63-1, as {@link SparseBuckets#bucketOf}
     */
    long bucket(int unit, int index) {
        long[][] chunks = tables[unit];
        if (chunks == null) {
            chunks = new long[CHUNKS][];
            tables[unit] = chunks;
        }
        long[] chunk = chunks[index >>> CHUNK_BITS];
        if (chunk == null) {
            chunk = fill(unit, index >>> CHUNK_BITS);
            chunks[index >>> CHUNK_BITS] = chunk;
        }
        long bucket = chunk[index & (CHUNK - 1)];
        if (bucket < 0) {
            if (bucket == NEGATIVE) {
                throw new IllegalArgumentException("latency of bucket index " + index + " in unit " + unit
                        + " is negative in nanoseconds");
            }
            throw new ArithmeticException("latency bucket of index " + index + " in unit " + unit
                    + " beyond 2^63-1 ns");
        }
        return bucket;
    }

    private static long[] fill(int unit, int chunkIndex) {
        long factor = LatencyNanos.nanosPerUnit(unit);
        long[] chunk = new long[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            // the writer's arithmetic exactly: an unchecked product (a caller checks the largest value's first)
            long nanos = CompressedHistogramReader.highestEquivalentValue(chunkIndex * CHUNK + i) * factor;
            if (nanos < 0) {
                chunk[i] = NEGATIVE;
                continue;
            }
            try {
                chunk[i] = SparseBuckets.bucketOf(nanos);
            } catch (ArithmeticException e) {
                chunk[i] = BEYOND_LONG;
            }
        }
        return chunk;
    }
}
