package io.pmr.collector.store;

import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Adds stored interval histograms (HdrHistogram compressed, in the wire's latency unit) to nanosecond buckets by
 * {@link LatencyNanos#addInterval}'s rule, all or nothing. {@link Decoding#READER} reads the common 3-digit V2 form
 * with {@link CompressedHistogramReader} (no {@code Histogram} built per interval: the ingest writer's path) and hands
 * anything else to the library; {@link Decoding#LIBRARY} always decodes with HdrHistogram, so {@code rebuild-rollups}
 * re-derives the rollups independently of the reader and its check would show any difference. Not thread-safe: one
 * per writer thread; {@link #close} releases the reader's inflater.
 */
final class IntervalHistograms implements AutoCloseable {
    /** How the compressed bytes are decoded. */
    enum Decoding { READER, LIBRARY }

    private final Decoding decoding;
    private final CompressedHistogramReader reader = new CompressedHistogramReader();
    private final Histogram scratch = LatencyNanos.autoResizing();
    private final SparseBuckets staged = new SparseBuckets();

    IntervalHistograms(Decoding decoding) {
        this.decoding = decoding;
    }

    /**
     * Adds one interval's histogram to {@code intoNanos}; nothing is added when it throws.
     *
     * @throws DataFormatException      the bytes do not decode
     * @throws IllegalArgumentException unknown unit, or damaged contents
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds, or a count beyond 2^63-1
     */
    void addTo(byte[] compressed, int unit, SparseBuckets intoNanos) throws DataFormatException {
        long factor = LatencyNanos.nanosPerUnit(unit);
        staged.clear();
        if (decoding == Decoding.READER && reader.read(compressed)) {
            Math.multiplyExact(reader.maxValue(), factor); // the library path's check, before adding any
            for (int i = 0; i < reader.size(); i++) {
                staged.add(reader.value(i) * factor, reader.count(i));
            }
        } else {
            LatencyNanos.addInterval(compressed, unit, scratch, staged::add);
        }
        intoNanos.addAll(staged);
    }

    /** The buckets the last successful {@link #addTo} added; overwritten by the next call. */
    SparseBuckets lastAdded() {
        return staged;
    }

    @Override
    public void close() {
        reader.close();
    }
}
