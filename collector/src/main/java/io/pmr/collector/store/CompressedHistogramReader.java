package io.pmr.collector.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the recorded buckets of an HdrHistogram in its compressed V2 form (what agents send and minute rows store)
 * without building a {@code Histogram}: decoding one allocates its whole counts array (about 18,000 longs for a day
 * of milliseconds at 3 digits) and iterating it walks every slot, which made the daily rollup at ingest five times
 * slower than the minute rows' inserts. This reader inflates into a reused buffer and walks the run-length encoded
 * counts, so its cost follows the recorded buckets.
 *
 * <p>It reads only the form the ingest path meets: V2 cookies, 3 significant digits, lowest discernible value 1,
 * normalizing offset 0. {@link #read} returns false for anything else (the caller then decodes with the library, so
 * the rule stays the library's); bytes that claim that form but are damaged throw, as the library's decoder would.
 * The buckets given are each bucket's highest equivalent value and count, as {@code Histogram.recordedValues()} gives
 * them. Not thread-safe: one per writer thread (it owns an {@link Inflater}; {@link #close} ends it).
 */
final class CompressedHistogramReader implements AutoCloseable {
    private static final int COOKIE_MASK = ~0xf0;
    private static final int V2_ENCODING_COOKIE = 0x1c849303;
    private static final int V2_COMPRESSED_COOKIE = 0x1c849304;
    private static final int HEADER_BYTES = 40;
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10; // 3 digits: 2,048 sub-buckets
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final int SUB_BUCKET_COUNT = SUB_BUCKET_HALF_COUNT * 2;
    private static final int MAX_BYTES_PER_COUNT = 9;

    private final Inflater inflater = new Inflater();
    private final byte[] header = new byte[HEADER_BYTES];
    private byte[] payload = new byte[4096];
    private long[] values = new long[64];
    private long[] counts = new long[64];
    private int size;
    private long maxValue;

    /**
     * Decodes {@code compressed} into this reader's buckets ({@link #size}, {@link #value}, {@link #count}).
     *
     * @return false (nothing read) when the bytes are not the 3-digit V2 form this reader knows
     * @throws DataFormatException      the deflated contents do not inflate
     * @throws IllegalArgumentException the contents are damaged (lengths, counts or indexes out of range)
     */
    boolean read(byte[] compressed) throws DataFormatException {
        size = 0;
        maxValue = 0;
        ByteBuffer outer = ByteBuffer.wrap(compressed).order(ByteOrder.BIG_ENDIAN);
        if (compressed.length < 8 || (outer.getInt(0) & COOKIE_MASK) != V2_COMPRESSED_COOKIE) {
            return false;
        }
        int deflatedLength = outer.getInt(4);
        if (deflatedLength < 0 || deflatedLength > compressed.length - 8) {
            throw new IllegalArgumentException("compressed histogram claims " + deflatedLength + " bytes, has "
                    + (compressed.length - 8));
        }
        inflater.reset();
        inflater.setInput(compressed, 8, deflatedLength);
        inflateFully(header, HEADER_BYTES);
        ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
        int payloadLength = head.getInt(4);
        long highestTrackableValue = head.getLong(24);
        if ((head.getInt(0) & COOKIE_MASK) != V2_ENCODING_COOKIE || head.getInt(8) != 0 || head.getInt(12) != 3
                || head.getLong(16) != 1 || highestTrackableValue < 2) {
            return false;
        }
        int countsLength = countsArrayLength(highestTrackableValue);
        if (payloadLength < 0 || (long) payloadLength > (long) countsLength * MAX_BYTES_PER_COUNT) {
            throw new IllegalArgumentException("histogram payload of " + payloadLength + " bytes for " + countsLength
                    + " counts");
        }
        if (payload.length < payloadLength) {
            payload = new byte[Math.max(payloadLength, payload.length * 2)];
        }
        inflateFully(payload, payloadLength);
        ByteBuffer counted = ByteBuffer.wrap(payload, 0, payloadLength);
        long index = 0;
        while (counted.hasRemaining()) {
            long count = zigZagLong(counted);
            if (count < 0) {
                index -= count; // a run of -count empty slots
                continue;
            }
            if (index >= countsLength) {
                throw new IllegalArgumentException("histogram count at index " + index + " beyond its "
                        + countsLength + " slots");
            }
            if (count > 0) {
                append(highestEquivalentValue((int) index), count);
            }
            index++;
        }
        return true;
    }

    int size() {
        return size;
    }

    long value(int i) {
        return values[i];
    }

    long count(int i) {
        return counts[i];
    }

    /** The highest recorded bucket's value, 0 when none: {@code Histogram.getMaxValue()}. */
    long maxValue() {
        return maxValue;
    }

    private void append(long value, long count) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        values[size] = value;
        counts[size] = count;
        size++;
        maxValue = Math.max(maxValue, value);
    }

    private void inflateFully(byte[] into, int length) throws DataFormatException {
        int done = 0;
        while (done < length) {
            int n = inflater.inflate(into, done, length - done);
            if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                throw new IllegalArgumentException("compressed histogram ends after " + done + " of " + length
                        + " bytes");
            }
            done += n;
        }
    }

    /** HdrHistogram's {@code valueFromIndex} then {@code highestEquivalentValue}, at 3 digits and unit 1. */
    private static long highestEquivalentValue(int index) {
        int bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucketIndex = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucketIndex < 0) {
            subBucketIndex -= SUB_BUCKET_HALF_COUNT;
            bucketIndex = 0;
        }
        long lowest = ((long) subBucketIndex) << bucketIndex;
        return lowest + (1L << bucketIndex) - 1;
    }

    /** HdrHistogram's counts array length for values 1..highestTrackableValue at 3 digits. */
    private static int countsArrayLength(long highestTrackableValue) {
        long smallestUntrackableValue = SUB_BUCKET_COUNT;
        int bucketsNeeded = 1;
        while (smallestUntrackableValue <= highestTrackableValue) {
            if (smallestUntrackableValue > (Long.MAX_VALUE / 2)) {
                bucketsNeeded++;
                break;
            }
            smallestUntrackableValue <<= 1;
            bucketsNeeded++;
        }
        return (bucketsNeeded + 1) * SUB_BUCKET_HALF_COUNT;
    }

    /** HdrHistogram's ZigZag LEB128: up to 8 bytes of 7 bits, a ninth of 8 bits. */
    private static long zigZagLong(ByteBuffer buffer) {
        long v = buffer.get();
        long value = v & 0x7FL;
        int shift = 7;
        while ((v & 0x80) != 0 && shift < 56) {
            v = buffer.get();
            value |= (v & 0x7FL) << shift;
            shift += 7;
        }
        if ((v & 0x80) != 0) {
            v = buffer.get();
            value |= v << 56;
        }
        return (value >>> 1) ^ (-(value & 1));
    }

    @Override
    public void close() {
        inflater.end();
    }
}
