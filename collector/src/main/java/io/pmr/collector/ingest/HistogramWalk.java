package io.pmr.collector.ingest;

import io.pmr.collector.store.CheckedHistograms;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * {@link HistogramCheck}'s walk of an inflated V2 payload: HdrHistogram's ZigZag LEB128 varints (the same reading as
 * {@code ZigZagEncoding.getLong} and {@code fillCountsArrayFromSourceBuffer}), a negative value a run of that many zero
 * counts, a non-negative one a count at the next index, summed within the counts array's bounds. Stateless; the
 * caller's inflater and buffers are confined to its thread.
 *
 * <p>Read by runs: while at least {@link #MAX_VARINT_BYTES} bytes are at hand, a whole varint is sure to be among them,
 * so it is read without an end check per byte, one- and two-byte varints (nearly every value of an honest histogram:
 * counts and the zero runs between recorded buckets) on their own short paths; only the last few bytes of a payload
 * are read byte by byte, where a varint may be cut short. Both readings take the same bytes to the same values, so
 * every verdict and problem text is the byte-by-byte reading's ({@code HistogramWalkTest} compares them).
 */
final class HistogramWalk {
    /** A V2 varint is at most 9 bytes: the buffer is refilled whenever fewer remain, so only the end can cut one. */
    static final int MAX_VARINT_BYTES = 9;

    private HistogramWalk() {
    }

    /**
     * Walks {@code payloadLength} payload bytes and sums the counts they encode: those in {@code chunk} from
     * {@code pos} to {@code limit}, then the {@code remaining} ones still to inflate from {@code inflater}, chunk by
     * chunk into {@code chunk}. The stream must end there: a payload that inflates to fewer or more bytes than its
     * header declares is refused. {@code byRuns} false reads every varint byte by byte (for tests to compare).
     */
    static HistogramCheck.Result walk(Inflater inflater, byte[] probe, byte[] chunk, int pos, int limit,
            int remaining, int countsLength, CheckedHistograms checked, boolean byRuns) throws DataFormatException {
        int payloadLength = limit - pos + remaining;
        long chunkStartOffset = -pos; // payload offset of chunk[0], for messages
        long index = 0;
        long total = 0;
        while (true) {
            if (limit - pos < MAX_VARINT_BYTES && remaining > 0) {
                int kept = limit - pos;
                System.arraycopy(chunk, pos, chunk, 0, kept);
                chunkStartOffset += pos;
                pos = 0;
                limit = kept;
                int room = chunk.length - limit;
                boolean last = remaining < room;
                // On the last fill, one byte more than declared reveals a longer payload without another inflate.
                int read = inflateFully(inflater, chunk, limit, last ? remaining + 1 : room);
                if (read > remaining) {
                    return bad("payload inflates to more than its declared " + payloadLength + " bytes");
                }
                int wanted = last ? remaining : room;
                if (read < wanted) {
                    return bad("payload truncated: inflates to " + (payloadLength - remaining + read) + " of "
                            + payloadLength + " bytes");
                }
                limit += read;
                remaining -= read;
            }
            if (pos == limit) {
                break;
            }
            long raw;
            if (byRuns && limit - pos >= MAX_VARINT_BYTES) {
                // the whole varint is at hand: no end check per byte
                int b0 = chunk[pos];
                if (b0 >= 0) {
                    raw = b0;
                    pos++;
                } else {
                    int b1 = chunk[pos + 1];
                    if (b1 >= 0) {
                        raw = (b0 & 0x7f) | b1 << 7;
                        pos += 2;
                    } else {
                        raw = (b0 & 0x7f) | (b1 & 0x7f) << 7;
                        pos += 2;
                        for (int shift = 14; ; shift += 7) {
                            int b = chunk[pos++];
                            if (shift == 56) {
                                raw |= (long) (b & 0xff) << 56; // the 9th byte carries 8 bits, no continuation flag
                                break;
                            }
                            raw |= (long) (b & 0x7f) << shift;
                            if (b >= 0) {
                                break;
                            }
                        }
                    }
                }
            } else {
                int start = pos;
                raw = 0;
                for (int i = 0; ; i++) {
                    if (pos == limit) {
                        return bad("truncated varint at payload byte " + (chunkStartOffset + start));
                    }
                    int b = chunk[pos++];
                    if (i == MAX_VARINT_BYTES - 1) {
                        raw |= (long) (b & 0xff) << 56; // the 9th byte carries 8 bits, no continuation flag
                        break;
                    }
                    raw |= (long) (b & 0x7f) << (7 * i);
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
            }
            long value = (raw >>> 1) ^ -(raw & 1);
            if (value < 0) {
                long zeros = -value; // Long.MIN_VALUE stays negative and is refused with the run below
                if (zeros <= 0 || zeros > countsLength - index) {
                    return bad("zero run of " + Long.toUnsignedString(zeros) + " at index " + index
                            + " runs past the counts array of " + countsLength);
                }
                index += zeros;
            } else {
                if (index >= countsLength) {
                    return bad("count at index " + index + " past the counts array of " + countsLength);
                }
                if (value > 0 && checked != null) {
                    checked.bucket((int) index, value); // below countsLength, at most MAX_COUNTS_LENGTH
                }
                index++;
                if (value > Long.MAX_VALUE - total) {
                    return bad("total count overflows");
                }
                total += value;
            }
        }
        if (!inflater.finished()) {
            if (inflater.inflate(probe) > 0) {
                return bad("payload inflates to more than its declared " + payloadLength + " bytes");
            }
            if (!inflater.finished()) {
                return bad("compressed stream does not end after the payload");
            }
        }
        return new HistogramCheck.Result(total, null);
    }

    /** Inflates up to {@code length} bytes into {@code out}; fewer only when the input ends or the stream does. */
    static int inflateFully(Inflater inflater, byte[] out, int offset, int length) throws DataFormatException {
        int read = 0;
        while (read < length) {
            int n = inflater.inflate(out, offset + read, length - read);
            if (n == 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    private static HistogramCheck.Result bad(String problem) {
        return new HistogramCheck.Result(-1, problem);
    }
}
