package io.pmr.collector.ingest;

import com.google.protobuf.ByteString;
import io.pmr.collector.store.CheckedHistograms;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks an interval's HdrHistogram (encodeIntoCompressedByteBuffer, V2 format) within bounds and returns its total
 * count, without building a {@code Histogram}. HdrHistogram sizes its counts array from the header the sender wrote,
 * so a hostile header could make a naive decode allocate hundreds of megabytes; and even an honest one costs a
 * counts array of tens of thousands of longs per interval. This check reads the header first, refuses what exceeds
 * {@link #MAX_HIGHEST_TRACKABLE} or {@link #MAX_COUNTS_LENGTH}, then streams the inflated payload through a small
 * fixed buffer, walking HdrHistogram's ZigZag LEB128 varints itself ({@link HistogramWalk}: the same reading as
 * {@code ZigZagEncoding.getLong} and {@code fillCountsArrayFromSourceBuffer}): a negative value is a run of that many
 * zero counts, a non-negative value is one count at the next index. Memory per call is bounded by the encoded size,
 * never by the value range.
 *
 * <p>Thread-safe: each thread reuses its own inflater and buffers.
 */
final class HistogramCheck {
    /** Highest trackable value accepted: 2^56 (about 834 days in nanoseconds). */
    static final long MAX_HIGHEST_TRACKABLE = 1L << 56;
    /** Largest counts array accepted (8 MiB of longs): 3 significant digits over 1..2^56 need about 49,000. */
    static final int MAX_COUNTS_LENGTH = 1 << 20;

    private static final int V2_COMPRESSED_COOKIE = 0x1c849304;
    private static final int V2_COOKIE = 0x1c849303;
    private static final int HEADER_BYTES = 40;
    private static final int MAX_VARINT_BYTES = HistogramWalk.MAX_VARINT_BYTES;
    private static final int CHUNK_BYTES = 4096;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private HistogramCheck() {
    }

    /** Total count of a histogram that passed {@link #decodeTotal}, or why it did not. */
    record Result(long totalCount, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** The reusable state of one thread's checks; the inflater is reset before each use. */
    private static final class Scratch {
        final Inflater inflater = new Inflater();
        /**
         * The header's 40 bytes, and after them, when the whole stream fits ({@link #inflateWhole}), the payload: one
         * inflate for both instead of one each.
         */
        final byte[] header = new byte[HEADER_BYTES + CHUNK_BYTES];
        final ByteBuffer headerView = ByteBuffer.wrap(header);
        final byte[] chunk = new byte[CHUNK_BYTES];
        final byte[] probe = new byte[1];
        /** The histogram's bytes, copied out of its {@code ByteString}; grown to the largest met, never shrunk. */
        byte[] encoded = new byte[256];

        /** The last header's parameters and {@link #countsArrayLength} of them: most headers repeat the last. */
        private long lastLowest;
        private long lastHighest;
        private int lastDigits = -1;
        private long lastCountsLength;

        /** {@link #countsArrayLength} (a pure function), computed again only when the parameters change. */
        long countsLength(long lowest, long highest, int digits) {
            if (lowest != lastLowest || highest != lastHighest || digits != lastDigits) {
                lastCountsLength = countsArrayLength(lowest, highest, digits);
                lastLowest = lowest;
                lastHighest = highest;
                lastDigits = digits;
            }
            return lastCountsLength;
        }

        /** {@code histogram}'s bytes in {@link #encoded} (its first {@code histogram.size()} bytes). */
        byte[] copy(ByteString histogram) {
            if (encoded.length < histogram.size()) {
                encoded = new byte[Math.max(histogram.size(), encoded.length * 2)];
            }
            histogram.copyTo(encoded, 0);
            return encoded;
        }
    }

    static Result decodeTotal(ByteString encoded) {
        return decode(encoded, null, 0, true, true);
    }

    /**
     * {@link #decodeTotal} with the stream read in one call ({@code oneInflate}, {@link #inflateWhole}) or step by
     * step, and the payload's varints read by runs ({@code byRuns}) or byte by byte ({@link HistogramWalk}): for tests
     * to compare the readings.
     */
    static Result decodeTotal(ByteString encoded, boolean oneInflate, boolean byRuns) {
        return decode(encoded, null, 0, oneInflate, byRuns);
    }

    /**
     * {@link #decodeTotal}, and for a histogram in the common form (3 digits, lowest 1, offset 0) that passes, its
     * recorded buckets left in {@code checked} as interval {@code interval}'s, so that the envelope's preparation for
     * the writer does not inflate it again ({@link CheckedHistograms}); a histogram refused leaves nothing there.
     */
    static Result decodeTotal(ByteString encoded, CheckedHistograms checked, int interval) {
        Result result = decode(encoded, checked, interval, true, true);
        if (result.ok()) {
            checked.accept();
        } else {
            checked.refuse(interval);
        }
        return result;
    }

    private static Result decode(ByteString encoded, CheckedHistograms checked, int interval, boolean oneInflate,
            boolean byRuns) {
        int length = encoded.size();
        if (length < 8) {
            return bad("only " + length + " bytes");
        }
        Scratch scratch = SCRATCH.get();
        // copied into this thread's buffer, not a new array per histogram (ByteString.toByteArray)
        byte[] bytes = scratch.copy(encoded);
        int cookie = intAt(bytes, 0);
        if ((cookie & ~0xf0) != V2_COMPRESSED_COOKIE) {
            return bad("not a compressed V2 HdrHistogram (cookie 0x" + Integer.toHexString(cookie) + ")");
        }
        int compressedLength = intAt(bytes, 4);
        if (compressedLength <= 0 || compressedLength > length - 8) {
            return bad("compressed length " + compressedLength + " but " + (length - 8) + " bytes present");
        }
        Inflater inflater = scratch.inflater;
        inflater.reset();
        inflater.setInput(bytes, 8, compressedLength);
        int whole = oneInflate ? inflateWhole(inflater, scratch.header) : -1;
        if (whole < 0) {
            // Read again step by step: the header, then the payload chunk by chunk, which finds and names any problem
            // (and reads a payload longer than the buffer) as this check always has.
            inflater.reset();
            inflater.setInput(bytes, 8, compressedLength);
            try {
                int read = HistogramWalk.inflateFully(inflater, scratch.header, 0, HEADER_BYTES);
                if (read < HEADER_BYTES) {
                    return bad("header truncated (" + read + " of " + HEADER_BYTES + " bytes)");
                }
            } catch (DataFormatException e) {
                return bad("header does not inflate: " + e.getMessage());
            }
        }
        ByteBuffer h = scratch.headerView;
        int payloadLength = h.getInt(4);
        String headerProblem = headerProblem(h, scratch);
        if (headerProblem != null) {
            return bad(headerProblem);
        }
        long countsLength = scratch.countsLength(h.getLong(16), h.getLong(24), h.getInt(12));
        if (checked != null) {
            // the form CompressedHistogramReader reads (the inner cookie and the range are checked above)
            checked.startInterval(interval, encoded, h.getInt(8) == 0 && h.getInt(12) == 3 && h.getLong(16) == 1);
        }
        try {
            if (whole >= 0) {
                // the payload is already inflated behind the header, all of it, and the stream ended there
                return HistogramWalk.walk(inflater, scratch.probe, scratch.header, HEADER_BYTES, whole, 0,
                        (int) countsLength, checked, byRuns);
            }
            return HistogramWalk.walk(inflater, scratch.probe, scratch.chunk, 0, 0, payloadLength, (int) countsLength,
                    checked, byRuns);
        } catch (DataFormatException e) {
            return bad("payload does not inflate: " + e.getMessage());
        }
    }

    private static String headerProblem(ByteBuffer h, Scratch scratch) {
        int cookie = h.getInt(0);
        int payloadLength = h.getInt(4);
        // offset 8: normalizing index offset; any value decodes within the array
        int digits = h.getInt(12);
        long lowest = h.getLong(16);
        long highest = h.getLong(24);
        if ((cookie & ~0xf0) != V2_COOKIE) {
            return "bad inner cookie 0x" + Integer.toHexString(cookie);
        }
        if (digits < 0 || digits > 5) {
            return "significant digits " + digits + " not in 0..5";
        }
        if (lowest < 1 || highest < 2 * lowest || lowest > MAX_HIGHEST_TRACKABLE) {
            return "bad range: lowest " + lowest + ", highest " + highest;
        }
        if (highest > MAX_HIGHEST_TRACKABLE) {
            return "highest trackable value " + highest + " exceeds the bound " + MAX_HIGHEST_TRACKABLE;
        }
        long length = scratch.countsLength(lowest, highest, digits);
        if (length < 0 || length > MAX_COUNTS_LENGTH) {
            return "counts array of " + length + " entries exceeds the bound " + MAX_COUNTS_LENGTH;
        }
        if (payloadLength < 0 || payloadLength > length * MAX_VARINT_BYTES) {
            return "payload length " + payloadLength + " impossible for " + length + " counts";
        }
        return null;
    }

    /**
     * Inflates the whole stream (header and payload) into {@code out} in one call: the number of bytes, when the
     * stream ended cleanly within {@code out} and they are the header and exactly the payload length it declares;
     * otherwise -1, and the inflater's state is undefined (the caller reads the stream again from its start). When it
     * returns a length, the step-by-step reading would read the same header, find the same payload in one chunk (at
     * most {@link #CHUNK_BYTES}) and the stream ended, so walking these bytes decides as that reading does (the walk's
     * own end checks would also refuse a stream that had not ended: {@code HistogramCheckOneInflateTest}).
     */
    private static int inflateWhole(Inflater inflater, byte[] out) {
        int read;
        try {
            read = inflater.inflate(out, 0, out.length);
        } catch (DataFormatException e) {
            return -1;
        }
        if (read < HEADER_BYTES || !inflater.finished() || intAt(out, 4) != read - HEADER_BYTES) {
            return -1;
        }
        return read;
    }

    /** HdrHistogram's counts array length for these parameters (its own formula), or -1 when it cannot be built. */
    static long countsArrayLength(long lowest, long highest, int digits) {
        long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, digits);
        int unitMagnitude = (int) Math.floor(Math.log(lowest) / Math.log(2));
        int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestValueWithSingleUnitResolution) / Math.log(2));
        int subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
        if (unitMagnitude + subBucketHalfCountMagnitude > 61) {
            return -1;
        }
        long subBucketCount = 1L << (subBucketHalfCountMagnitude + 1);
        long smallestUntrackableValue = subBucketCount << unitMagnitude;
        int bucketsNeeded = 1;
        while (smallestUntrackableValue <= highest) {
            if (smallestUntrackableValue > Long.MAX_VALUE / 2) {
                bucketsNeeded++;
                break;
            }
            smallestUntrackableValue <<= 1;
            bucketsNeeded++;
        }
        return (bucketsNeeded + 1L) * (subBucketCount / 2);
    }

    /** The big-endian int at {@code offset}, as {@code ByteBuffer.getInt} reads it. */
    private static int intAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16 | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }

    private static Result bad(String problem) {
        return new Result(-1, problem);
    }
}
