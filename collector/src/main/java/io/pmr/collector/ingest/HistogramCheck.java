package io.pmr.collector.ingest;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Decodes an interval's HdrHistogram (encodeIntoCompressedByteBuffer, V2 format) within bounds. HdrHistogram sizes
 * its counts array from the header the sender wrote, so a hostile header could make a naive decode allocate
 * hundreds of megabytes; this check reads the header first and refuses what exceeds {@link #MAX_HIGHEST_TRACKABLE}
 * or {@link #MAX_COUNTS_LENGTH} before anything is allocated. Thread-safe (stateless).
 */
final class HistogramCheck {
    /** Highest trackable value accepted: 2^56 (about 834 days in nanoseconds). */
    static final long MAX_HIGHEST_TRACKABLE = 1L << 56;
    /** Largest counts array accepted (8 MiB of longs): 3 significant digits over 1..2^56 need about 49,000. */
    static final int MAX_COUNTS_LENGTH = 1 << 20;

    private static final int V2_COMPRESSED_COOKIE = 0x1c849304;
    private static final int V2_COOKIE = 0x1c849303;
    private static final int HEADER_BYTES = 40;

    private HistogramCheck() {
    }

    /** Total count of a histogram that passed {@link #decodeTotal}, or why it did not. */
    record Result(long totalCount, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    static Result decodeTotal(ByteString encoded) {
        byte[] bytes = encoded.toByteArray();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 8) {
            return bad("only " + bytes.length + " bytes");
        }
        int cookie = buffer.getInt(0);
        if ((cookie & ~0xf0) != V2_COMPRESSED_COOKIE) {
            return bad("not a compressed V2 HdrHistogram (cookie 0x" + Integer.toHexString(cookie) + ")");
        }
        int compressedLength = buffer.getInt(4);
        if (compressedLength <= 0 || compressedLength > bytes.length - 8) {
            return bad("compressed length " + compressedLength + " but " + (bytes.length - 8) + " bytes present");
        }
        String headerProblem = checkHeader(bytes, compressedLength);
        if (headerProblem != null) {
            return bad(headerProblem);
        }
        Histogram histogram;
        try {
            histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            return bad("does not decode: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        long total = 0;
        for (HistogramIterationValue value : histogram.allValues()) {
            long count = value.getCountAtValueIteratedTo();
            if (count < 0) {
                return bad("negative count at value " + value.getValueIteratedTo());
            }
            total += count;
            if (total < 0) {
                return bad("total count overflows");
            }
        }
        return new Result(total, null);
    }

    private static String checkHeader(byte[] bytes, int compressedLength) {
        byte[] header = new byte[HEADER_BYTES];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, 8, compressedLength);
            int read = inflater.inflate(header);
            if (read < HEADER_BYTES) {
                return "header truncated (" + read + " of " + HEADER_BYTES + " bytes)";
            }
        } catch (DataFormatException e) {
            return "header does not inflate: " + e.getMessage();
        } finally {
            inflater.end();
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int cookie = h.getInt();
        int payloadLength = h.getInt();
        h.getInt(); // normalizing index offset: any value decodes within the array
        int digits = h.getInt();
        long lowest = h.getLong();
        long highest = h.getLong();
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
        long length = countsArrayLength(lowest, highest, digits);
        if (length < 0 || length > MAX_COUNTS_LENGTH) {
            return "counts array of " + length + " entries exceeds the bound " + MAX_COUNTS_LENGTH;
        }
        if (payloadLength < 0 || payloadLength > length * 9) {
            return "payload length " + payloadLength + " impossible for " + length + " counts";
        }
        return null;
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

    private static Result bad(String problem) {
        return new Result(-1, problem);
    }
}
