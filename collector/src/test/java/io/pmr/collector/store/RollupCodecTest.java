package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/** The rollup columns' encodings: the histogram of an HdrHistogram's buckets, the minute runs, damage refused. */
class RollupCodecTest {

    @Test
    void sparseBucketsHoldWhatA3DigitHistogramHoldsAndMergeBackIntoOne() {
        Random random = new Random(42);
        Histogram reference = LatencyNanos.autoResizing();
        SparseBuckets sparse = new SparseBuckets();
        for (int i = 0; i < 5_000; i++) {
            long nanos = (long) (1_000 * Math.pow(1e7, random.nextDouble()));
            long count = 1 + random.nextInt(5);
            reference.recordValueWithCount(nanos, count);
            sparse.add(nanos, count);
        }
        assertEquals(reference.getTotalCount(), sparse.totalCount());
        Histogram merged = LatencyNanos.autoResizing();
        RollupCodec.mergeHistogram(sparse.encode(), merged);
        assertEquals(reference.getTotalCount(), merged.getTotalCount());
        assertEquals(reference.getMaxValue(), merged.getMaxValue());
        assertEquals(reference.getMinNonZeroValue(), merged.getMinNonZeroValue());
        for (double percentile : new double[] {1, 50, 90, 99, 99.9, 100}) {
            assertEquals(reference.getValueAtPercentile(percentile), merged.getValueAtPercentile(percentile));
        }
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        for (HistogramIterationValue v : reference.recordedValues()) {
            expected.append(v.getValueIteratedTo()).append('x').append(v.getCountAtValueIteratedTo()).append(' ');
        }
        for (HistogramIterationValue v : merged.recordedValues()) {
            actual.append(v.getValueIteratedTo()).append('x').append(v.getCountAtValueIteratedTo()).append(' ');
        }
        assertEquals(expected.toString(), actual.toString());
        // encoding is canonical: the merged form re-encodes to the same bytes
        SparseBuckets again = new SparseBuckets();
        RollupCodec.mergeHistogram(sparse.encode(), again::add);
        assertArrayEquals(sparse.encode(), again.encode());
        // a table sized up front (as a stored rollup is read in), too small or far too big, holds the same
        for (int capacity : new int[] {1, 100, sparse.size(), 50_000}) {
            SparseBuckets sized = new SparseBuckets();
            sized.ensureCapacity(capacity);
            RollupCodec.mergeHistogram(sparse.encode(), sized::add);
            sized.ensureCapacity(sized.size() + 1);
            assertEquals(sparse.size(), sized.size());
            assertArrayEquals(sparse.encode(), sized.encode(), "capacity " + capacity);
            // then buckets added in any order (a transaction's): the encoding is that of the same buckets added in
            // another order (the new ones first, so nothing of it is in ascending order)
            long[] added = new long[capacity % 997];
            for (int i = 0; i < added.length; i++) {
                added[i] = (long) (1_000 * Math.pow(1e9, random.nextDouble()));
                sized.add(added[i], 1);
            }
            SparseBuckets otherOrder = new SparseBuckets();
            for (int i = added.length - 1; i >= 0; i--) {
                otherOrder.add(added[i], 1);
            }
            RollupCodec.mergeHistogram(sparse.encode(), otherOrder::add);
            assertArrayEquals(otherOrder.encode(), sized.encode(), "capacity " + capacity);
        }
        // one table kept across encodings (a rollup kept across transactions): each encoding sorts only the buckets
        // added since the last and merges them in; it must equal a table filled once, in ascending order
        SparseBuckets kept = new SparseBuckets();
        java.util.TreeMap<Long, Long> all = new java.util.TreeMap<>();
        for (int round = 0; round < 300; round++) {
            int adds = random.nextInt(round % 7 == 0 ? 400 : 12);
            for (int i = 0; i < adds; i++) {
                long bucket = SparseBuckets.bucketOf((long) (1_000 * Math.pow(1e9, random.nextDouble())));
                long count = 1 + random.nextInt(5);
                kept.add(bucket, count);
                all.merge(bucket, count, Long::sum);
            }
            SparseBuckets fresh = new SparseBuckets();
            all.forEach(fresh::add);
            assertArrayEquals(fresh.encode(), kept.encode(), "round " + round);
        }
    }

    @Test
    void minutesRoundTripAndAFullDayIsThreeBytes() {
        long[] minutes = new long[RollupCodec.MINUTE_WORDS];
        for (int m : new int[] {0, 1, 2, 63, 64, 700, 1_439, 1_499}) {
            RollupCodec.setMinute(minutes, m);
        }
        byte[] encoded = RollupCodec.encodeMinutes(minutes);
        long[] decoded = new long[RollupCodec.MINUTE_WORDS];
        RollupCodec.orMinutes(encoded, decoded);
        assertArrayEquals(minutes, decoded);
        assertEquals(8, RollupCodec.countMinutes(decoded));
        assertEquals(0, RollupCodec.firstMinute(encoded));

        long[] full = new long[RollupCodec.MINUTE_WORDS];
        for (int m = 0; m < 1_440; m++) {
            RollupCodec.setMinute(full, m);
        }
        assertEquals(3, RollupCodec.encodeMinutes(full).length, "an empty run, then 1,440 present");
        long[] late = new long[RollupCodec.MINUTE_WORDS];
        RollupCodec.setMinute(late, 1_000);
        assertEquals(1_000, RollupCodec.firstMinute(RollupCodec.encodeMinutes(late)));
        assertThrows(IllegalArgumentException.class, () -> RollupCodec.setMinute(full, 1_500));
    }

    /**
     * The minute runs, found a word at a time, are byte for byte what a minute-by-minute walk writes: random days of
     * every density, and the edges (no minute, every minute, the first and last, each side of a word boundary).
     */
    @Test
    void minuteRunsAreThoseOfAMinuteByMinuteWalk() {
        Random random = new Random(1500);
        List<long[]> days = new ArrayList<>();
        days.add(new long[RollupCodec.MINUTE_WORDS]);
        for (int[] set : new int[][] {{0}, {1_499}, {63}, {64}, {63, 64}, {0, 1_499}, {1_439}, {1_440}}) {
            long[] day = new long[RollupCodec.MINUTE_WORDS];
            for (int minute : set) {
                RollupCodec.setMinute(day, minute);
            }
            days.add(day);
        }
        long[] full = new long[RollupCodec.MINUTE_WORDS];
        for (int minute = 0; minute < RollupCodec.MAX_DAY_MINUTES; minute++) {
            RollupCodec.setMinute(full, minute);
        }
        days.add(full);
        for (int i = 0; i < 500; i++) {
            long[] day = new long[RollupCodec.MINUTE_WORDS];
            double density = random.nextDouble();
            boolean runs = random.nextBoolean();
            boolean on = false;
            for (int minute = 0; minute < RollupCodec.MAX_DAY_MINUTES; minute++) {
                on = runs ? (random.nextDouble() < density / 20 ? !on : on) : random.nextDouble() < density;
                if (on) {
                    RollupCodec.setMinute(day, minute);
                }
            }
            days.add(day);
        }
        for (long[] day : days) {
            assertArrayEquals(minuteByMinute(day), RollupCodec.encodeMinutes(day), Arrays.toString(day));
        }
    }

    /** The encoding's definition: alternate runs, absent first, written at each change and a trailing present run. */
    private static byte[] minuteByMinute(long[] minutes) {
        VarintWriter out = new VarintWriter(8);
        boolean present = false;
        int run = 0;
        for (int offset = 0; offset < RollupCodec.MAX_DAY_MINUTES; offset++) {
            boolean set = (minutes[offset >>> 6] & (1L << (offset & 63))) != 0;
            if (set != present) {
                out.writeVarint(run);
                present = set;
                run = 0;
            }
            run++;
        }
        if (present) {
            out.writeVarint(run);
        }
        return out.toByteArray();
    }

    @Test
    void damagedBytesAreRefusedNotMisread() {
        assertThrows(IllegalArgumentException.class,
                () -> RollupCodec.mergeHistogram(new byte[] {(byte) 0x85}, LatencyNanos.autoResizing()));
        assertThrows(IllegalArgumentException.class,
                () -> RollupCodec.mergeHistogram(new byte[] {5, 0}, LatencyNanos.autoResizing()), "a zero count");
        assertThrows(IllegalArgumentException.class, () -> RollupCodec.orMinutes(new byte[] {(byte) 0xFF, 0x7F, 1},
                new long[RollupCodec.MINUTE_WORDS]), "runs past the day");
    }
}
