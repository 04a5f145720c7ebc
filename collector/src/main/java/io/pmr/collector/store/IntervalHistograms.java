package io.pmr.collector.store;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Decodes stored interval histograms (HdrHistogram compressed, in the wire's latency unit) to nanosecond buckets by
 * {@link LatencyNanos#addInterval}'s rule, all or nothing, and adds them to {@link SparseBuckets} (an interval's
 * rollup; its day's total takes the rollup's gain per batch). {@link Decoding#READER} reads the common
 * 3-digit V2 form with {@link CompressedHistogramReader} (no {@code Histogram} built per interval, each bucket mapped
 * by {@link UnitBuckets}: the ingest writer's path) and hands anything else to the library; {@link Decoding#LIBRARY}
 * always decodes with HdrHistogram, so {@code rebuild-rollups} re-derives the rollups independently of the reader and
 * its check would show any difference. Not thread-safe: one per writer thread (and one per validation-pool thread,
 * {@link PreparedEnvelope}); {@link #close} releases the reader's inflater.
 */
final class IntervalHistograms implements AutoCloseable {
    /** How the compressed bytes are decoded. */
    enum Decoding { READER, LIBRARY }

    private final Decoding decoding;
    private final CompressedHistogramReader reader = new CompressedHistogramReader();
    private final UnitBuckets unitBuckets = new UnitBuckets();
    private final Histogram scratch = LatencyNanos.autoResizing();
    private final RollupCodec.BucketSink libraryValues = this::appendValue;
    /** The last decoded interval: its nanosecond buckets (a bucket may repeat), their counts and their sum. */
    private long[] buckets = new long[64];
    private long[] counts = new long[64];
    private int size;
    private long totalCount;
    /** Intervals {@link #addDeferred} took and has not yet added to {@link #pendingInto}: their sum and its unit. */
    private final IndexedSums pending = new IndexedSums();
    private SparseBuckets pendingInto;
    private int pendingUnit;
    private long pendingTotal;

    IntervalHistograms(Decoding decoding) {
        this.decoding = decoding;
    }

    /**
     * Decodes one interval's histogram, replacing the last one decoded; after a throw, nothing is held.
     *
     * @throws DataFormatException      the bytes do not decode
     * @throws IllegalArgumentException unknown unit, or damaged contents
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds, or a count beyond 2^63-1
     */
    void decode(byte[] compressed, int unit) throws DataFormatException {
        size = 0;
        totalCount = 0;
        LatencyNanos.nanosPerUnit(unit); // an unknown unit is refused before anything is read
        if (decoding == Decoding.READER && decodeCommonForm(compressed, unit)) {
            return;
        }
        try {
            LatencyNanos.addInterval(compressed, unit, scratch, libraryValues);
        } catch (DataFormatException | RuntimeException e) {
            size = 0;
            totalCount = 0;
            throw e;
        }
    }

    /**
     * Decodes one interval's histogram with {@link CompressedHistogramReader} only, replacing the last one decoded:
     * false, with nothing held, when the bytes are not the 3-digit V2 form it reads (the library's to decode); after a
     * throw, nothing is held. The writer's path and the validation pool's ({@link PreparedEnvelope}) both decode the
     * common form here, so they put every value in the same bucket.
     *
     * @throws DataFormatException      the bytes do not decode
     * @throws IllegalArgumentException unknown unit, or damaged contents
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds, or a count beyond 2^63-1
     */
    boolean decodeCommonForm(byte[] compressed, int unit) throws DataFormatException {
        size = 0;
        totalCount = 0;
        try {
            if (!reader.read(compressed)) {
                return false;
            }
            appendIndexed(reader.indexes(), reader.counts(), reader.size(), reader.maxValue(), unit);
            return true;
        } catch (DataFormatException | RuntimeException e) {
            size = 0;
            totalCount = 0;
            throw e;
        }
    }

    /**
     * Takes one interval's buckets already read from its common form (counts-array indexes ascending and counts above
     * 0, as {@link CompressedHistogramReader} reads them: {@link CheckedHistograms}), replacing the last one decoded,
     * and maps them to nanoseconds exactly as {@link #decodeCommonForm} maps the reader's; after a throw, nothing is
     * held.
     *
     * @throws IllegalArgumentException unknown unit
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds, or a count beyond 2^63-1
     */
    void decodeIndexed(int[] indexes, long[] counts, int buckets, int unit) {
        size = 0;
        totalCount = 0;
        try {
            appendIndexed(indexes, counts, buckets, CompressedHistogramReader.maxValue(indexes, buckets), unit);
        } catch (RuntimeException e) {
            size = 0;
            totalCount = 0;
            throw e;
        }
    }

    /** The common form's buckets, by counts-array index, put in their nanosecond buckets. */
    private void appendIndexed(int[] indexes, long[] counts, int buckets, long maxValue, int unit) {
        Math.multiplyExact(maxValue, LatencyNanos.nanosPerUnit(unit)); // the library path's check
        for (int i = 0; i < buckets; i++) {
            append(unitBuckets.bucket(unit, indexes[i]), counts[i]);
        }
    }

    /** The last decoded interval's nanosecond buckets (a bucket may repeat), a copy. */
    long[] decodedBuckets() {
        return Arrays.copyOf(buckets, size);
    }

    /** The counts of {@link #decodedBuckets}, a copy. */
    long[] decodedCounts() {
        return Arrays.copyOf(counts, size);
    }

    /** The sum of {@link #decodedCounts}. */
    long decodedTotalCount() {
        return totalCount;
    }

    /**
     * Adds the last decoded interval to {@code intoNanos}, all or nothing.
     *
     * @throws ArithmeticException when a count would pass 2^63-1
     */
    void addTo(SparseBuckets intoNanos) {
        intoNanos.addBuckets(buckets, counts, size, totalCount);
    }

    /**
     * Decodes one interval's histogram and adds it to {@code intoNanos}; nothing is added when it throws.
     *
     * @throws DataFormatException      the bytes do not decode
     * @throws IllegalArgumentException unknown unit, or damaged contents
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds, or a count beyond 2^63-1
     */
    void addTo(byte[] compressed, int unit, SparseBuckets intoNanos) throws DataFormatException {
        decode(compressed, unit);
        addTo(intoNanos);
    }

    /**
     * {@link #addTo(byte[], int, SparseBuckets)} with the same outcome (what {@code intoNanos} holds in the end, what is
     * thrown and when), but the buckets of an interval in the common form may wait here, summed by counts-array index
     * with the intervals before it of the same target and unit, until {@link #settle}: so a rollup's intervals in a
     * row are each mapped to nanoseconds and probed into its table once, not once per interval. Every check is made
     * now (the bytes, the unit, the largest value, the counts' total with what already waits); an interval that fails
     * one, or is not in the common form, settles what waits and takes the immediate path, which decodes it again and
     * throws, or adds, exactly as before. Nothing else may read or add to {@code intoNanos} until {@link #settle} (or
     * {@link #dropPending}); a {@link Decoding#LIBRARY} decoder adds at once.
     *
     * @throws DataFormatException      the bytes do not decode
     * @throws IllegalArgumentException unknown unit, or damaged contents
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds, or a count beyond 2^63-1
     */
    void addDeferred(byte[] compressed, int unit, SparseBuckets intoNanos) throws DataFormatException {
        if (decoding != Decoding.READER) {
            addTo(compressed, unit, intoNanos);
            return;
        }
        if (intoNanos != pendingInto || unit != pendingUnit) {
            settle();
        }
        size = 0;
        totalCount = 0;
        long factor = LatencyNanos.nanosPerUnit(unit); // an unknown unit is refused before anything is read
        if (!reader.read(compressed)) {
            settle();
            addTo(compressed, unit, intoNanos); // the library's form
            return;
        }
        int n = reader.size();
        if (n == 0) {
            return; // nothing to add, nothing to refuse: the immediate path adds no bucket and a total of 0
        }
        long total = checkedTotal(reader.counts(), n, reader.indexes()[n - 1], factor, unit, intoNanos);
        if (total < 0) {
            settle();
            addTo(compressed, unit, intoNanos); // the immediate path's own checks throw, in its order
            return;
        }
        pending.add(reader.indexes(), reader.counts(), n);
        pendingInto = intoNanos;
        pendingUnit = unit;
        pendingTotal += total;
    }

    /**
     * The sum of an interval's counts when the immediate path would add it without a throw, else -1: its highest
     * bucket's value does not wrap, times the unit fits a long and has a nanosecond bucket (then every lower bucket
     * has: {@link UnitBuckets#maps}), and its total, with what waits and what {@code intoNanos} holds, fits a long.
     */
    private long checkedTotal(long[] bucketCounts, int n, int highestIndex, long factor, int unit,
            SparseBuckets intoNanos) {
        long highest = CompressedHistogramReader.highestEquivalentValue(highestIndex);
        if (highest < 0 || highest > Long.MAX_VALUE / factor || !unitBuckets.maps(unit, highestIndex)) {
            return -1;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += bucketCounts[i];
            if (total < 0) {
                return -1; // each count is above 0 and below 2^63: a sum past 2^63-1 wraps negative
            }
        }
        long held = intoNanos.totalCount() + pendingTotal; // both were checked to fit together
        return held + total < 0 ? -1 : total;
    }

    /** Adds what {@link #addDeferred} left waiting to its target; nothing when nothing waits. */
    void settle() {
        if (pendingInto == null) {
            return;
        }
        SparseBuckets into = pendingInto;
        long total = pendingTotal;
        pendingInto = null;
        pendingTotal = 0;
        pending.settle(unitBuckets, pendingUnit, into, total);
    }

    /** Forgets what {@link #addDeferred} left waiting (its target is being thrown away: a failed batch's). */
    void dropPending() {
        pending.drop();
        pendingInto = null;
        pendingTotal = 0;
    }

    /** A value in nanoseconds from the library's iteration: put in its bucket, as {@link SparseBuckets#add} does. */
    private void appendValue(long valueNanos, long count) {
        if (valueNanos < 0 || count < 0) {
            throw new IllegalArgumentException("latency " + valueNanos + " ns x " + count);
        }
        append(SparseBuckets.bucketOf(valueNanos), count);
    }

    private void append(long bucket, long count) {
        totalCount = Math.addExact(totalCount, count);
        if (size == buckets.length) {
            buckets = Arrays.copyOf(buckets, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        buckets[size] = bucket;
        counts[size] = count;
        size++;
    }

    @Override
    public void close() {
        reader.close();
    }
}
