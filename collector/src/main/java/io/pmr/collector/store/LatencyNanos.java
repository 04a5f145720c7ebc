package io.pmr.collector.store;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Stored interval histograms (HdrHistogram compressed, in the wire's latency unit) turned into nanoseconds. Both the
 * minute-row reads and the daily rollups go through {@link #addInterval}'s rule, so a rollup holds exactly the buckets
 * the minute rows would give: the interval is added into a 3-digit histogram of its own unit, and each of that
 * histogram's buckets (its highest equivalent value) is multiplied out to nanoseconds. Stateless.
 */
final class LatencyNanos {
    /** Nanoseconds per unit of the wire's LatencyUnit numbers (1 ns, 2 us, 3 ms); 0: unknown. */
    private static final long[] NANOS_PER_UNIT = {0, 1, 1_000, 1_000_000};

    private LatencyNanos() {
    }

    /** True for a unit number {@link #nanosPerUnit} knows. */
    static boolean knownUnit(int unit) {
        return unit > 0 && unit < NANOS_PER_UNIT.length;
    }

    static long nanosPerUnit(int unit) {
        if (!knownUnit(unit)) {
            throw new IllegalArgumentException("unknown latency unit " + unit);
        }
        return NANOS_PER_UNIT[unit];
    }

    /** A histogram as every read returns it: 3 significant digits, auto-resizing. */
    static Histogram autoResizing() {
        Histogram histogram = new Histogram(3);
        histogram.setAutoResize(true);
        return histogram;
    }

    /**
     * Adds one stored interval histogram to {@code intoNanos}; {@code scratch} (a 3-digit auto-resizing histogram the
     * caller reuses) may be reset and overwritten. Nothing is added when it throws.
     *
     * @throws DataFormatException      the bytes do not decode
     * @throws IllegalArgumentException unknown unit
     * @throws ArithmeticException      a value beyond 2^63-1 nanoseconds
     */
    static void addInterval(byte[] compressed, int unit, Histogram scratch, RollupCodec.BucketSink intoNanos)
            throws DataFormatException {
        long factor = nanosPerUnit(unit);
        Histogram one = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        Histogram threeDigits = one;
        if (one.getNumberOfSignificantValueDigits() != 3 || one.getLowestDiscernibleValue() != 1) {
            // another bucket structure: re-bucket at 3 digits first, as a sum of many intervals would be
            scratch.reset();
            scratch.add(one);
            threeDigits = scratch;
        }
        Math.multiplyExact(threeDigits.getMaxValue(), factor); // all or nothing: check the largest before adding any
        addConverted(threeDigits, factor, intoNanos);
    }

    /** Each bucket of {@code unitHistogram} (3 digits, one unit) multiplied out into {@code intoNanos}. */
    static void addConverted(Histogram unitHistogram, long factor, RollupCodec.BucketSink intoNanos) {
        for (HistogramIterationValue value : unitHistogram.recordedValues()) {
            intoNanos.add(Math.multiplyExact(value.getValueIteratedTo(), factor), value.getCountAtValueIteratedTo());
        }
    }
}
