package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
