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
