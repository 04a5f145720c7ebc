package io.pmr.collector.store;

import org.HdrHistogram.Histogram;

/**
 * The two BLOB columns of a daily rollup. Stateless.
 *
 * <p><b>Histogram</b>: the day's merged latency histogram in nanoseconds as its recorded buckets, one
 * {@code (value, count)} pair per non-empty bucket in increasing value order, each value the bucket's highest
 * equivalent value (a delta from the previous one) and both as unsigned LEB128 varints. Merging a row into a histogram
 * is a loop of {@link Histogram#recordValueWithCount} into the caller's histogram: no decoder object, no new histogram
 * per row (decoding HdrHistogram's compressed form allocates both). Recording a bucket's highest equivalent value lands
 * in the same bucket of any 3-digit histogram, so counts, min, max and percentiles are those of the minute rows.
 *
 * <p><b>Minutes</b>: which minutes of the UK day (offset from the day's start, 0..1499) had an interval, as the
 * lengths of alternating runs of absent and present minutes, varints, starting with an absent run (possibly 0).
 * A full day is three bytes.
 */
final class RollupCodec {
    /** Minutes a UK day can have (a clock-change day in October has 1,500). */
    static final int MAX_DAY_MINUTES = 1_500;
    /** Words of a minute bitmap. */
    static final int MINUTE_WORDS = (MAX_DAY_MINUTES + 63) / 64;

    private RollupCodec() {
    }

    /**
     * Records every bucket of an encoded histogram into {@code into} (auto-resizing, 3 digits, nanoseconds).
     *
     * @throws IllegalArgumentException when the bytes are not an encoded histogram (a truncated or altered row)
     */
    static void mergeHistogram(byte[] encoded, Histogram into) {
        mergeHistogram(encoded, into::recordValueWithCount);
    }

    /** Where decoded buckets go: {@code Histogram::recordValueWithCount}, {@code SparseBuckets::add}. */
    interface BucketSink {
        void add(long value, long count);
    }

    /** As {@link #mergeHistogram(byte[], Histogram)}, into any sink. */
    static void mergeHistogram(byte[] encoded, BucketSink into) {
        int[] at = {0};
        long value = 0;
        while (at[0] < encoded.length) {
            value = Math.addExact(value, readVarint(encoded, at));
            long count = readVarint(encoded, at);
            if (count <= 0) {
                throw new IllegalArgumentException("histogram bucket " + value + " with count " + count);
            }
            into.add(value, count);
        }
    }

    /** Sets minute {@code offset} (0-based from the UK day's start) in a bitmap of {@link #MINUTE_WORDS} words. */
    static void setMinute(long[] minutes, int offset) {
        if (offset < 0 || offset >= MAX_DAY_MINUTES) {
            throw new IllegalArgumentException("minute offset " + offset + " outside a UK day");
        }
        minutes[offset >>> 6] |= 1L << (offset & 63);
    }

    static int countMinutes(long[] minutes) {
        int count = 0;
        for (long word : minutes) {
            count += Long.bitCount(word);
        }
        return count;
    }

    static byte[] encodeMinutes(long[] minutes) {
        VarintWriter out = new VarintWriter(8);
        // runs of absent and present minutes, absent first; a trailing absent run is not written
        boolean present = false;
        int start = 0;
        while (true) {
            int change = nextChange(minutes, start, present);
            if (change >= MAX_DAY_MINUTES) {
                if (present) {
                    out.writeVarint(MAX_DAY_MINUTES - start);
                }
                break;
            }
            out.writeVarint(change - start);
            present = !present;
            start = change;
        }
        return out.toByteArray();
    }

    /**
     * ORs an encoded minute set into {@code into}.
     *
     * @throws IllegalArgumentException when the bytes are not an encoded minute set or run past the day
     */
    static void orMinutes(byte[] encoded, long[] into) {
        int[] at = {0};
        int offset = 0;
        boolean present = false;
        while (at[0] < encoded.length) {
            long run = readVarint(encoded, at);
            if (run > MAX_DAY_MINUTES - offset) {
                throw new IllegalArgumentException("minute runs past the end of a day");
            }
            if (present) {
                for (int i = 0; i < run; i++) {
                    setMinute(into, offset + i);
                }
            }
            offset += (int) run;
            present = !present;
        }
    }

    /** The first minute (offset from the day's start) of an encoded minute set, or -1 when it has none. */
    static int firstMinute(byte[] encoded) {
        int[] at = {0};
        if (encoded.length == 0) {
            return -1;
        }
        long absent = readVarint(encoded, at);
        return at[0] < encoded.length && absent < MAX_DAY_MINUTES ? (int) absent : -1;
    }

    /** The first minute at or after {@code from} whose bit is not {@code present}, or past the day: a word at a time. */
    private static int nextChange(long[] minutes, int from, boolean present) {
        long flip = present ? -1L : 0L;
        int word = from >>> 6;
        long bits = (minutes[word] ^ flip) & (-1L << (from & 63));
        while (bits == 0) {
            if (++word >= minutes.length) {
                return MAX_DAY_MINUTES;
            }
            bits = minutes[word] ^ flip;
        }
        return Math.min(MAX_DAY_MINUTES, (word << 6) + Long.numberOfTrailingZeros(bits));
    }

    static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("truncated varint at byte " + at[0]);
            }
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IllegalArgumentException("varint beyond 2^63-1 before byte " + at[0]);
                }
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits before byte " + at[0]);
    }
}
