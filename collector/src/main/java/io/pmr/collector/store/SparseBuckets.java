package io.pmr.collector.store;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram in nanoseconds kept as its non-empty buckets only: the buckets of a 3-significant-digit
 * HdrHistogram, each keyed by its highest equivalent value, in an open-addressing table. What a daily rollup
 * accumulates: its cost follows the buckets in use (tens to hundreds), where an HdrHistogram's iteration and encoding
 * walk every slot up to its largest value (tens of thousands for minutes of latency in nanoseconds). Encodes to, and
 * adds, {@link RollupCodec}'s histogram form; the bytes are those a 3-digit HdrHistogram holding the same values
 * would give. Not thread-safe.
 */
final class SparseBuckets {
    /** Bucket arithmetic only (never recorded into, never resized): {@code highestEquivalentValue} is pure. */
    private static final Histogram SHAPE = new Histogram(3);
    private static final long EMPTY = -1;
    /** Per thread, the buffer encodings are written into before their bytes are copied out. */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});

    private long[] keys = new long[64];
    private long[] counts = new long[64];
    /**
     * The occupied slots, in the order they were taken: clearing, adding to another and encoding walk the buckets in
     * use (tens), not the whole table (it only grows), which an interval's scratch and each rollup do per interval.
     */
    private int[] used = new int[64];
    /** 64 - log2(table length): a key's home slot is the top bits of its Fibonacci product. */
    private int shift = 64 - 6;
    private int size;
    /**
     * How many of the first buckets in {@link #used} order have strictly ascending keys: a stored row is read in
     * ascending order, so encoding it again sorts only the buckets added since and merges them in (each transaction
     * re-encodes every rollup and total it touches; sorting thousands of keys each time was a sixth of the writer's).
     */
    private int ascendingPrefix;
    private long totalCount;
    /** Changes whenever {@link #used} is reordered or emptied: a {@link #markCounts} mark holds until it changes. */
    private int usedOrder;

    SparseBuckets() {
        Arrays.fill(keys, EMPTY);
    }

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

    /** Adds {@code count} to a bucket known to be one ({@link #bucketOf}): no bucket arithmetic per value. */
    private void addBucket(long key, long count) {
        totalCount = Math.addExact(totalCount, count);
        int mask = keys.length - 1;
        int slot = home(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            if (ascendingPrefix == size && (size == 0 || key > keys[used[size - 1]])) {
                ascendingPrefix++;
            }
            used[size++] = slot;
        }
        counts[slot] = Math.addExact(counts[slot], count);
        if (size * 2 > keys.length) {
            grow();
        }
    }

    /** Forgets every bucket, keeping the table's size (a scratch reused per interval). */
    void clear() {
        for (int i = 0; i < size; i++) {
            keys[used[i]] = EMPTY;
            counts[used[i]] = 0;
        }
        size = 0;
        ascendingPrefix = 0;
        totalCount = 0;
        usedOrder++;
    }

    /** Adds every bucket of another. */
    void addAll(SparseBuckets other) {
        for (int i = 0; i < other.size; i++) {
            int slot = other.used[i];
            addBucket(other.keys[slot], other.counts[slot]);
        }
    }

    /**
     * Adds a histogram in {@link RollupCodec}'s form (a stored rollup or total), into a table made the right size first
     * (about 3 bytes a bucket: a delta and a count), not one rehashed at each doubling.
     *
     * @throws IllegalArgumentException when the bytes are damaged
     * @throws ArithmeticException      when a bucket or a count would pass 2^63-1
     */
    void addEncoded(byte[] encoded) {
        ensureCapacity(size + encoded.length / 3);
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
     * each bucket then costs a probe and an add (an interval's buckets go into its rollup; the day's total takes
     * the rollup's gain per batch).
     *
     * @throws ArithmeticException when the total count would pass 2^63-1 (then nothing is added)
     */
    void addBuckets(long[] buckets, long[] counts, int n, long total) {
        long newTotal = Math.addExact(totalCount, total);
        for (int i = 0; i < n; i++) {
            insert(buckets[i], counts[i]);
        }
        totalCount = newTotal;
    }

    /** Adds to a bucket, unchecked: the caller made sure neither it nor the total passes 2^63-1. */
    private void insert(long key, long count) {
        long[] keysBySlot = keys;
        int mask = keysBySlot.length - 1;
        int slot = home(key);
        long found;
        while ((found = keysBySlot[slot]) != key) {
            if (found == EMPTY) {
                keysBySlot[slot] = key;
                if (ascendingPrefix == size && (size == 0 || key > keysBySlot[used[size - 1]])) {
                    ascendingPrefix++;
                }
                used[size++] = slot;
                counts[slot] = count;
                if (size * 2 > keysBySlot.length) {
                    grow();
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
        counts[slot] += count;
    }

    /**
     * The counts of the buckets in use, in the order they were taken, copied into {@code into} (or a new array when it
     * is null or short); with {@link #size} and {@link #usedOrder()} at that moment, a mark for {@link #addGainSince}.
     */
    long[] markCounts(long[] into) {
        long[] mark = into != null && into.length >= size ? into : new long[Math.max(64, size)];
        for (int i = 0; i < size; i++) {
            mark[i] = counts[used[i]];
        }
        return mark;
    }

    /** The version of the order buckets are in use in; a mark is valid while it is unchanged. */
    int usedOrder() {
        return usedOrder;
    }

    /**
     * Adds to {@code into} what this table gained since {@link #markCounts} gave {@code mark} of {@code markSize}
     * buckets: the counts added to the buckets then in use, and the buckets taken since (appended to the order in
     * use: only clearing and encoding reorder it, which {@code markOrder} shows).
     *
     * @throws IllegalStateException when the order in use changed since the mark
     * @throws ArithmeticException   when a count of {@code into} would pass 2^63-1
     */
    void addGainSince(long[] mark, int markSize, int markOrder, SparseBuckets into) {
        if (markOrder != usedOrder || markSize > size) {
            throw new IllegalStateException("buckets reordered since their mark");
        }
        for (int i = 0; i < size; i++) {
            int slot = used[i];
            long gain = i < markSize ? counts[slot] - mark[i] : counts[slot];
            if (gain != 0) {
                into.addBucket(keys[slot], gain);
            }
        }
    }

    /** The table's length, in slots (a bucket takes 20 bytes of it): its heap, for a cache's bound. */
    int capacity() {
        return keys.length;
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
        sortUsedByKey();
        byte[] out = scratch((int) Math.min(Integer.MAX_VALUE - 8, 2L * VarintWriter.MAX_VARINT_BYTES * size));
        // buffer, position and tables in locals: through VarintWriter's fields this loop stored its position per byte
        long[] keysBySlot = keys;
        long[] countsBySlot = counts;
        int[] inKeyOrder = used;
        int at = 0;
        long previous = 0;
        for (int i = 0; i < size; i++) {
            int slot = inKeyOrder[i];
            long count = countsBySlot[slot];
            if (count == 0) {
                continue;
            }
            long key = keysBySlot[slot];
            at = VarintWriter.putVarint(out, at, key - previous);
            at = VarintWriter.putVarint(out, at, count);
            previous = key;
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

    /**
     * Puts {@link #used} in ascending key order: the buckets added since the ascending prefix are sorted and merged in
     * from the back, each run of the prefix moved once to its place, so a rollup kept across transactions and encoded
     * after each pays a binary search per bucket it added and one move of the buckets after them (and the encoding
     * then walks the slots in order, with no lookup per key).
     */
    private void sortUsedByKey() {
        int prefix = ascendingPrefix;
        if (prefix >= size) {
            return;
        }
        long[] tailKeys = new long[size - prefix];
        for (int i = prefix; i < size; i++) {
            tailKeys[i - prefix] = keys[used[i]];
        }
        Arrays.sort(tailKeys);
        int write = size - 1;
        int prefixEnd = prefix; // used[0, prefixEnd) is the part of the prefix not yet moved
        for (int t = tailKeys.length - 1; t >= 0; t--) {
            long tailKey = tailKeys[t];
            int firstAbove = firstAbove(tailKey, prefixEnd);
            int run = prefixEnd - firstAbove;
            System.arraycopy(used, firstAbove, used, write - run + 1, run);
            write -= run;
            prefixEnd = firstAbove;
            used[write--] = find(tailKey);
        }
        ascendingPrefix = size;
        usedOrder++;
    }

    /** The first index in {@code used[0, end)} (ascending keys) whose key is above {@code key}; {@code end} if none. */
    private int firstAbove(long key, int end) {
        int low = 0;
        int high = end;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (keys[used[mid]] > key) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = home(key);
        while (keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * The top bits of the key's Fibonacci product: bucket keys share their low bits (a bucket's highest value is
     * {@code (n << k) - 1}), which the product's low bits keep; its top bits mix every bit of the key (about 1.5 probes
     * a key where the low bits took 2.5, with chains of 50).
     */
    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /**
     * Makes room for {@code buckets} buckets in all without growing again (a stored rollup about to be read in: one
     * table of the right size instead of a rehash at each doubling from 64).
     */
    void ensureCapacity(int buckets) {
        if (buckets * 2L > keys.length) {
            resize(Integer.highestOneBit((int) Math.min(1 << 28, buckets * 2L - 1)) << 1);
        }
    }

    private void grow() {
        resize(keys.length * 2);
    }

    private void resize(int length) {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        int[] oldUsed = used;
        int oldSize = size;
        keys = new long[length];
        counts = new long[length];
        used = new int[length];
        shift = 64 - Integer.numberOfTrailingZeros(length);
        Arrays.fill(keys, EMPTY);
        size = 0;
        ascendingPrefix = 0;
        for (int i = 0; i < oldSize; i++) {
            insert(oldKeys[oldUsed[i]], oldCounts[oldUsed[i]]); // the same counts and total: nothing to check
        }
    }
}
