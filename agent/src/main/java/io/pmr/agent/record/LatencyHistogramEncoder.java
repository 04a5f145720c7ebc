package io.pmr.agent.record;

import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * Encodes latency samples straight into HdrHistogram's compressed V2 format (lowest discernible value 1,
 * 3 significant digits, 64-bit counts), decodable by {@code Histogram.decodeFromCompressedByteBuffer} into
 * exactly the histogram that recording the same values would give.
 *
 * <p>Why not {@code Histogram.encodeIntoCompressedByteBuffer}: it walks every counts slot up to the maximum
 * (some 15,000 for 25 s in microseconds, slow on a packed histogram) and deflates each encoding. An agent
 * sends about 430,000 one-minute intervals per measure set a month, each with a handful of values: this encoder costs time in the number of distinct values, reuses its buffers and does not deflate (its zlib
 * stream holds stored blocks: a deflate of so few bytes cost far more than the bytes it saved).
 *
 * <p>Threading: not thread-safe; one per record-path thread.
 */
public final class LatencyHistogramEncoder {
    static final int SIGNIFICANT_DIGITS = 3;
    /** ceil(log2(2 * 10^3)) - 1, as HdrHistogram computes it for 3 digits. */
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = (2L << SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    /** 64 - unitMagnitude (0 for lowest 1) - subBucketHalfCountMagnitude - 1. */
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;
    /** HdrHistogram's V2 cookies with the 8-byte word size flag (0x10). */
    private static final int V2_ENCODING_COOKIE = 0x1c849303 | 0x10;
    private static final int V2_COMPRESSED_ENCODING_COOKIE = 0x1c849304 | 0x10;
    private static final int HEADER_BYTES = 40;

    /** zlib's header: deflate with a 32 KB window, no dictionary, the fastest level; (0x78 << 8 | 0x01) % 31 == 0. */
    private static final byte[] ZLIB_HEADER = {0x78, 0x01};
    /** A stored deflate block holds at most 65,535 bytes. */
    private static final int MAX_STORED_BLOCK = 0xFFFF;

    private final Adler32 adler = new Adler32();
    private byte[] raw = new byte[512];
    /**
     * The last call's encoding in HdrHistogram's compressed framing: its 8-byte header (cookie, length), then a zlib
     * stream of stored (not deflated) blocks holding {@link #raw}; see {@link #encoded()}.
     */
    private byte[] framed = new byte[512];
    private int rawLength;

    /** HdrHistogram's counts-array index of a value (lowest 1, 3 digits). */
    static int countsIndex(long value) {
        int bucketIndex = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucketIndex = (int) (value >>> bucketIndex);
        return ((bucketIndex + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucketIndex - SUB_BUCKET_HALF_COUNT;
    }

    /** The lowest value of HdrHistogram's counts-array slot {@code index} (lowest 1, 3 digits): it records into that slot. */
    static long lowestValueAt(int index) {
        int bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucketIndex = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucketIndex < 0) {
            subBucketIndex -= SUB_BUCKET_HALF_COUNT;
            bucketIndex = 0;
        }
        return (long) subBucketIndex << bucketIndex;
    }

    /**
     * Encodes {@code count} non-negative values, which this call sorts in place.
     *
     * @return a new array with the compressed encoding
     */
    public byte[] encode(long[] values, int count) {
        int length = encodeInto(values, count); // before reading the buffer: encoding may replace it
        return Arrays.copyOf(framed, length);
    }

    /**
     * As {@link #encode}, into this encoder's buffer: no allocation once the buffers are large enough.
     *
     * @return the length of the encoding, which is at the start of {@link #encoded()}
     */
    public int encodeInto(long[] values, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
        Arrays.sort(values, 0, count);
        putHeader(values[count - 1]);
        int nextIndex = 0;
        int i = 0;
        while (i < count) {
            int index = countsIndex(values[i]);
            long sameIndex = 0;
            while (i < count && countsIndex(values[i]) == index) {
                sameIndex++;
                i++;
            }
            int zeros = index - nextIndex;
            if (zeros > 1) {
                putZigZag(-zeros);
            } else if (zeros == 1) {
                putZigZag(0); // HdrHistogram writes a single empty slot as a zero count, not a run
            }
            putZigZag(sameIndex);
            nextIndex = index + 1;
        }
        return finish();
    }

    /**
     * Encodes the histogram whose HdrHistogram counts-array slots are {@code counts[0..maxIndex]} (see
     * {@link #countsIndex}), the largest recorded value being {@code maxValue}: the same bytes as
     * {@link #encodeInto(long[], int)} of the values those counts stand for. Time in {@code maxIndex}.
     *
     * @return the length of the encoding, which is at the start of {@link #encoded()}
     */
    public int encodeCountsInto(int[] counts, int maxIndex, long maxValue) {
        if (maxIndex < 0 || counts[maxIndex] == 0) {
            throw new IllegalArgumentException("the highest slot must be counted, was " + maxIndex);
        }
        putHeader(maxValue);
        int nextIndex = 0;
        for (int index = 0; index <= maxIndex; index++) {
            int sameIndex = counts[index];
            if (sameIndex == 0) {
                continue;
            }
            int zeros = index - nextIndex;
            if (zeros > 1) {
                putZigZag(-zeros);
            } else if (zeros == 1) {
                putZigZag(0);
            }
            putZigZag(sameIndex);
            nextIndex = index + 1;
        }
        return finish();
    }

    /** The buffer holding the last encoding at its start; valid until the next call. */
    public byte[] encoded() {
        return framed;
    }

    private void putHeader(long max) {
        rawLength = 0;
        ensureRaw(HEADER_BYTES);
        putInt(V2_ENCODING_COOKIE);
        putInt(0); // payload length, set by finish
        putInt(0); // normalizing index offset
        putInt(SIGNIFICANT_DIGITS);
        putLong(1); // lowest discernible value
        putLong(Math.max(2, max)); // highest trackable value: enough to hold the max
        putLong(Double.doubleToLongBits(1.0)); // integer to double conversion ratio
    }

    private int finish() {
        int payloadLength = rawLength - HEADER_BYTES;
        raw[4] = (byte) (payloadLength >>> 24);
        raw[5] = (byte) (payloadLength >>> 16);
        raw[6] = (byte) (payloadLength >>> 8);
        raw[7] = (byte) payloadLength;
        int blocks = Math.max(1, (rawLength + MAX_STORED_BLOCK - 1) / MAX_STORED_BLOCK);
        int needed = 8 + ZLIB_HEADER.length + blocks * 5 + rawLength + 4;
        if (framed.length < needed) {
            framed = new byte[Math.max(needed, framed.length * 2)];
        }
        // A zlib stream of stored (uncompressed) deflate blocks: any inflater reads it. Deflating a few dozen bytes
        // cost about 4 us a call (zlib clears its 64 KB hash table on every reset), 40% of the agents' CPU in a
        // 30,000-hub demo, to save a dozen bytes an interval.
        System.arraycopy(ZLIB_HEADER, 0, framed, 8, ZLIB_HEADER.length);
        int length = 8 + ZLIB_HEADER.length;
        int from = 0;
        for (int block = 0; block < blocks; block++) {
            int blockLength = Math.min(MAX_STORED_BLOCK, rawLength - from);
            framed[length++] = (byte) (block == blocks - 1 ? 1 : 0); // BFINAL, BTYPE 00 (stored)
            framed[length++] = (byte) blockLength;
            framed[length++] = (byte) (blockLength >>> 8);
            framed[length++] = (byte) ~blockLength;
            framed[length++] = (byte) (~blockLength >>> 8);
            System.arraycopy(raw, from, framed, length, blockLength);
            length += blockLength;
            from += blockLength;
        }
        adler.reset();
        adler.update(raw, 0, rawLength);
        writeInt(framed, length, (int) adler.getValue());
        length += 4;
        writeInt(framed, 0, V2_COMPRESSED_ENCODING_COOKIE);
        writeInt(framed, 4, length - 8);
        return length;
    }

    /** HdrHistogram's ZigZag LEB128-64b9B: 7 bits a byte for 8 bytes, then a full ninth byte. */
    private void putZigZag(long value) {
        ensureRaw(9);
        long v = (value << 1) ^ (value >> 63);
        for (int b = 0; b < 8; b++) {
            if ((v >>> 7) == 0) {
                raw[rawLength++] = (byte) v;
                return;
            }
            raw[rawLength++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        raw[rawLength++] = (byte) v;
    }

    private void putInt(int value) {
        writeInt(raw, rawLength, value);
        rawLength += 4;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    private static void writeInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }

    private void ensureRaw(int more) {
        if (rawLength + more > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLength + more));
        }
    }
}
