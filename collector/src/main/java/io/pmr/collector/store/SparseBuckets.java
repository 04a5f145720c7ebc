package io.pmr.collector.store;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram in nanoseconds kept as the buckets of a 3-significant-digit HdrHistogram, each keyed by its
 * highest equivalent value: what a daily rollup and total accumulate. The counts live in blocks of 256 consecutive
 * buckets (a bucket's place is its index in a 3-digit HdrHistogram's counts array, at most 55,296 of them), a block
 * made the first time one of its buckets is added to, each with a bit per bucket in use; so adding is an index and an
 * add (no hashing, no probing), and encoding walks the blocks in bucket order (no sort): each write batch re-encodes
 * every rollup and total it touched, thousands of buckets each at 30,000 hubs. A block is about 2 KB; the buckets of a
 * day's latencies fill a few dozen at most. Encodes to, and adds, {@link RollupCodec}'s histogram form; the bytes are
 * those a 3-digit HdrHistogram holding the same values would give. Not thread-safe.
 */
final class SparseBuckets {
    /** Bucket arithmetic only (never recorded into, never resized): {@code highestEquivalentValue} is pure. */
    private static final Histogram SHAPE = new Histogram(3);
    /** Per thread, the buffer encodings are written into before their bytes are copied out. */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});
    /** A 3-digit histogram's half sub-bucket count, as a power of two: 1,024 buckets per power of two of values. */
    private static final int HALF_BITS = 10;
    private static final int HALF = 1 << HALF_BITS;
    /** Values below 2,048 have a bucket each; above, a bucket spans 2^(53 - leading zeros of value | 2047). */
    private static final int LEADING_ZERO_BASE = 53;
    private static final int BLOCK_BITS = 8;
    private static final int BLOCK = 1 << BLOCK_BITS;
    private static final int WORDS = BLOCK / 64;
    /** Counts-array indexes of a 3-digit histogram of longs: up to 2^63-1's, (53 + 1) x 1,024 - 1. */
    static final int INDEXES = (LEADING_ZERO_BASE + 1) << HALF_BITS;
    /** A block's heap: its counts, its bits in use and an array header. */
    private static final int BLOCK_BYTES = (BLOCK + WORDS) * Long.BYTES + 16;

    /** By block: {@code BLOCK} counts, then {@code WORDS} words with a bit per bucket in use; null until used. */
    private final long[][] blocks = new long[INDEXES / BLOCK][];
    private int blockCount;
    private int size;
    private long totalCount;

    /**
     * Records {@code count} values of {@code valueNanos} (>= 0).
     *
     * @throws ArithmeticException when the bucket or a count would pass 2^63-1
     */
    void add(long valueNanos, long count) {
        if (valueNanos < 0 || count < 0) {
            throw new IllegalArgumentException("latency " + valueNanos + " ns x " + count);
        }
        addBucket(bucketOf(valueNanos), count);
    }

    /**
     * The bucket of a value: its highest equivalent value at 3 digits (a bucket's own key is its bucket).
     *
     * @throws ArithmeticException when the bucket would pass 2^63-1
     */
    static long bucketOf(long valueNanos) {
        long key = SHAPE.highestEquivalentValue(valueNanos);
        if (key < valueNanos) {
            throw new ArithmeticException("latency bucket of " + valueNanos + " ns beyond 2^63-1");
        }
        return key;
    }

    /** The counts-array index of a bucket (>= 0) in a 3-digit histogram: HdrHistogram's {@code countsArrayIndex}. */
    static int indexOf(long bucket) {
        int power = LEADING_ZERO_BASE - Long.numberOfLeadingZeros(bucket | (2 * HALF - 1));
        int subBucket = (int) (bucket >>> power);
        return ((power + 1) << HALF_BITS) + subBucket - HALF;
    }

    /** The bucket (highest equivalent value) of a counts-array index: the inverse of {@link #indexOf}. */
    static long bucketAt(int index) {
        int power = (index >> HALF_BITS) - 1;
        int subBucket = (index & (HALF - 1)) + HALF;
        if (power < 0) {
            subBucket -= HALF;
            power = 0;
        }
        return ((long) subBucket << power) + (1L << power) - 1;
    }

    /** Adds {@code count} to a bucket known to be one ({@link #bucketOf}), checked: no bucket arithmetic per value. */
    private void addBucket(long key, long count) {
        totalCount = Math.addExact(totalCount, count);
        int index = indexOf(key);
        long[] block = block(index >>> BLOCK_BITS);
        int at = index & (BLOCK - 1);
        use(block, at);
        block[at] = Math.addExact(block[at], count);
    }

    /** The block, made when it is first used. */
    private long[] block(int number) {
        long[] block = blocks[number];
        if (block == null) {
            block = new long[BLOCK + WORDS];
            blocks[number] = block;
            blockCount++;
        }
        return block;
    }

    /** Marks a bucket of a block in use (a bucket added to with a count of 0 is in use too, as the size counts it). */
    private void use(long[] block, int at) {
        int word = BLOCK + (at >>> 6);
        long bit = 1L << at;
        if ((block[word] & bit) == 0) {
            block[word] |= bit;
            size++;
        }
    }

    /** Forgets every bucket, keeping the blocks made (a batch's gain, reused per batch). */
    void clear() {
        if (size > 0 || totalCount > 0) {
            for (long[] block : blocks) {
                if (block != null) {
                    Arrays.fill(block, 0);
                }
            }
        }
        size = 0;
        totalCount = 0;
    }

    /**
     * Adds every bucket of another.
     *
     * @throws ArithmeticException when a count would pass 2^63-1 (what was added before it stays)
     */
    void addAll(SparseBuckets other) {
        for (int number = 0; number < other.blocks.length; number++) {
            long[] from = other.blocks[number];
            if (from == null) {
                continue;
            }
            for (int w = 0; w < WORDS; w++) {
                long bits = from[BLOCK + w];
                while (bits != 0) {
                    int at = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    addBucket(bucketAt((number << BLOCK_BITS) + at), from[at]);
                }
            }
        }
    }

    /**
     * Adds a histogram in {@link RollupCodec}'s form (a stored rollup or total).
     *
     * @throws IllegalArgumentException when the bytes are damaged
     * @throws ArithmeticException      when a bucket or a count would pass 2^63-1
     */
    void addEncoded(byte[] encoded) {
        RollupCodec.mergeHistogram(encoded, this::add);
    }

    /**
     * Adds {@code counts[i]} values to bucket {@code buckets[i]} for each i; each must be a bucket ({@link #bucketOf})
     * and each count >= 0. All or nothing.
     *
     * @throws ArithmeticException when the counts would pass 2^63-1 (then nothing is added)
     */
    void addBuckets(long[] buckets, long[] counts) {
        long total = 0;
        for (long count : counts) {
            total = Math.addExact(total, count);
        }
        addBuckets(buckets, counts, buckets.length, total);
    }

    /**
     * Adds {@code counts[i]} values to bucket {@code buckets[i]} for each i below {@code n}; each must be a bucket
     * ({@link #bucketOf}), each count >= 0 and {@code total} their exact sum (a decoded interval's, summed once by
     * its decoder). All or nothing: the one overflow check is the total's, since a bucket's count never exceeds it;
     * each bucket then costs an index and an add (an interval's buckets go into its rollup and its batch's gain).
     *
     * @throws ArithmeticException when the total count would pass 2^63-1 (then nothing is added)
     */
    void addBuckets(long[] buckets, long[] counts, int n, long total) {
        long newTotal = Math.addExact(totalCount, total);
        long[][] byNumber = blocks;
        for (int i = 0; i < n; i++) {
            int index = indexOf(buckets[i]);
            long[] block = byNumber[index >>> BLOCK_BITS];
            if (block == null) {
                block = block(index >>> BLOCK_BITS);
            }
            int at = index & (BLOCK - 1);
            use(block, at);
            block[at] += counts[i]; // unchecked: no count exceeds the total, checked above
        }
        totalCount = newTotal;
    }

    /** The estimated heap of the blocks made, in bytes (for a cache's bound). */
    long heapBytes() {
        return (long) blockCount * BLOCK_BYTES + 16L + 4L * blocks.length;
    }

    /** The buckets in use. */
    int size() {
        return size;
    }

    long totalCount() {
        return totalCount;
    }

    /** The {@link RollupCodec} form, or null when nothing was recorded. */
    byte[] encode() {
        if (totalCount == 0) {
            return null;
        }
        byte[] out = scratch((int) Math.min(Integer.MAX_VALUE - 8, 2L * VarintWriter.MAX_VARINT_BYTES * size));
        int at = 0;
        long previous = 0;
        for (int number = 0; number < blocks.length; number++) {
            long[] block = blocks[number];
            if (block == null) {
                continue;
            }
            for (int w = 0; w < WORDS; w++) {
                long bits = block[BLOCK + w];
                while (bits != 0) {
                    int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    long count = block[slot];
                    if (count == 0) {
                        continue;
                    }
                    long key = bucketAt((number << BLOCK_BITS) + slot);
                    at = VarintWriter.putVarint(out, at, key - previous);
                    at = VarintWriter.putVarint(out, at, count);
                    previous = key;
                }
            }
        }
        return Arrays.copyOf(out, at);
    }

    /** This thread's encoding buffer, at least {@code bytes} long (grown, never shrunk: the largest histogram's). */
    private static byte[] scratch(int bytes) {
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < bytes) {
            holder[0] = new byte[Math.max(bytes, holder[0].length * 2)];
        }
        return holder[0];
    }
}
