package io.pmr.collector.store;

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
    /** The inflated header (40 bytes) then the payload. */
    private byte[] buffer = new byte[4096];
    private int[] indexes = new int[64];
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
        if (compressed.length < 8 || (intAt(compressed, 0) & COOKIE_MASK) != V2_COMPRESSED_COOKIE) {
            return false;
        }
        int deflatedLength = intAt(compressed, 4);
        if (deflatedLength < 0 || deflatedLength > compressed.length - 8) {
            throw new IllegalArgumentException("compressed histogram claims " + deflatedLength + " bytes, has "
                    + (compressed.length - 8));
        }
        inflater.reset();
        inflater.setInput(compressed, 8, deflatedLength);
        // the header and, most often, the whole payload in one call: a JNI crossing less per interval
        int inflated = inflateAtLeast(HEADER_BYTES, 0);
        int payloadLength = intAt(buffer, 4);
        long highestTrackableValue = longAt(24);
        if ((intAt(buffer, 0) & COOKIE_MASK) != V2_ENCODING_COOKIE || intAt(buffer, 8) != 0
                || intAt(buffer, 12) != 3 || longAt(16) != 1 || highestTrackableValue < 2) {
            return false;
        }
        int countsLength = countsArrayLength(highestTrackableValue);
        if (payloadLength < 0 || (long) payloadLength > (long) countsLength * MAX_BYTES_PER_COUNT) {
            throw new IllegalArgumentException("histogram payload of " + payloadLength + " bytes for " + countsLength
                    + " counts");
        }
        int end = HEADER_BYTES + payloadLength;
        if (inflated < end) {
            if (buffer.length < end) {
                buffer = Arrays.copyOf(buffer, Math.max(end, buffer.length * 2));
            }
            inflateAtLeast(end, inflated);
        }
        readCounts(end, countsLength);
        maxValue = maxValue(indexes, size);
        return true;
    }

    /** Walks the run-length encoded counts in {@code buffer[HEADER_BYTES, end)}. */
    private void readCounts(int end, int countsLength) {
        byte[] in = buffer;
        int at = HEADER_BYTES;
        long index = 0;
        while (at < end) {
            // HdrHistogram's ZigZag LEB128: up to 8 bytes of 7 bits, a ninth of 8 bits
            long raw;
            int b = in[at++];
            if (b >= 0) {
                raw = b; // one byte: most runs and counts
            } else {
                raw = b & 0x7FL;
                int shift = 7;
                do {
                    if (at >= end) {
                        throw new IllegalArgumentException("histogram counts end inside a number at byte " + at);
                    }
                    b = in[at++];
                    if (shift == 56) {
                        raw |= ((long) b) << 56; // all 8 bits of the ninth byte
                        break;
                    }
                    raw |= (b & 0x7FL) << shift;
                    shift += 7;
                } while (b < 0);
            }
            long count = (raw >>> 1) ^ (-(raw & 1));
            if (count < 0) {
                index -= count; // a run of -count empty slots
                if (index < 0) {
                    throw new IllegalArgumentException("histogram run of " + count + " empty slots past 2^63");
                }
                continue;
            }
            if (index >= countsLength) {
                throw new IllegalArgumentException("histogram count at index " + index + " beyond its "
                        + countsLength + " slots");
            }
            if (count > 0) {
                append((int) index, count);
            }
            index++;
        }
    }

    int size() {
        return size;
    }

    /** The i-th bucket's highest equivalent value, in the histogram's unit. */
    long value(int i) {
        return highestEquivalentValue(indexes[i]);
    }

    /** The i-th bucket's index in HdrHistogram's counts array (3 digits, unit 1): what {@link UnitBuckets} maps. */
    int index(int i) {
        return indexes[i];
    }

    long count(int i) {
        return counts[i];
    }

    /** The buckets' indexes, {@link #index} for {@code [0, size)}: this reader's own buffer, valid until the next read. */
    int[] indexes() {
        return indexes;
    }

    /** The buckets' counts, {@link #count} for {@code [0, size)}: this reader's own buffer, valid until the next read. */
    long[] counts() {
        return counts;
    }

    /** The highest recorded bucket's value, 0 when none: {@code Histogram.getMaxValue()}. */
    long maxValue() {
        return maxValue;
    }

    private void append(int index, long count) {
        if (size == indexes.length) {
            indexes = Arrays.copyOf(indexes, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        indexes[size] = index;
        counts[size] = count;
        size++;
    }

    /**
     * {@code Histogram.getMaxValue()} of the buckets at {@code indexes[0, size)} (ascending): the largest non-negative
     * bucket value, 0 when none. Indexes ascend, and so do their values until the top buckets of a histogram reaching
     * 2^63 wrap negative, so it is the last one that does not wrap.
     */
    static long maxValue(int[] indexes, int size) {
        for (int i = size - 1; i >= 0; i--) {
            long value = highestEquivalentValue(indexes[i]);
            if (value >= 0) {
                return value;
            }
        }
        return 0;
    }

    /**
     * Inflates into {@link #buffer} from {@code done} until at least {@code length} bytes are there (taking what else
     * fits: the rest is read by the next call or ignored); the bytes inflated in all.
     */
    private int inflateAtLeast(int length, int done) throws DataFormatException {
        while (done < length) {
            int n = inflater.inflate(buffer, done, buffer.length - done);
            if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                throw new IllegalArgumentException("compressed histogram ends after " + done + " of " + length
                        + " bytes");
            }
            done += n;
        }
        return done;
    }

    /** A big-endian int of {@code bytes} at {@code at}. */
    private static int intAt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                | (bytes[at + 3] & 0xFF);
    }

    /** A big-endian long of the inflated header at {@code at}. */
    private long longAt(int at) {
        return ((long) intAt(buffer, at)) << 32 | (intAt(buffer, at + 4) & 0xFFFFFFFFL);
    }

    /** HdrHistogram's {@code valueFromIndex} then {@code highestEquivalentValue}, at 3 digits and unit 1. */
    static long highestEquivalentValue(int index) {
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

    @Override
    public void close() {
        inflater.end();
    }
}
