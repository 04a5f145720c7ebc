package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * {@link IntervalHistograms#addDeferred} against the immediate path ({@code addTo}, one interval at a time): seeded
 * random runs of intervals into a few targets (a rollup's intervals in a row, then another's), in every unit, with
 * histograms in the common form and not, empty ones, damaged bytes, values whose nanoseconds pass 2^63-1 (or whose
 * bucket does) and counts
 * whose sums do, and other adds between settles (as a prepared interval's). Every call must throw what the immediate
 * path throws (class and message) or nothing, and after each settle every target must hold the same buckets, byte
 * for byte, with the same total.
 */
class DeferredIntervalsTest {
    private static final int TARGETS = 3;

    @Test
    void deferredIntervalsEndAsTheImmediatePathLeavesThem() throws Exception {
        Random random = new Random(20261206L);
        int deferredFailures = 0;
        try (IntervalHistograms immediate = new IntervalHistograms(IntervalHistograms.Decoding.READER);
                IntervalHistograms deferred = new IntervalHistograms(IntervalHistograms.Decoding.READER)) {
            for (int run = 0; run < 40; run++) {
                SparseBuckets[] expected = targets();
                SparseBuckets[] actual = targets();
                int target = 0;
                int unit = 3;
                for (int step = 0; step < 400; step++) {
                    if (random.nextInt(5) == 0) {
                        target = random.nextInt(TARGETS); // another rollup's intervals
                    }
                    if (random.nextInt(8) == 0) {
                        unit = 1 + random.nextInt(3);
                    }
                    if (random.nextInt(40) == 0) {
                        // another add to a target (a prepared interval): the caller settles first
                        deferred.settle();
                        long[] buckets = {SparseBuckets.bucketOf(1 + random.nextInt(1_000_000))};
                        long[] counts = {1 + random.nextInt(9)};
                        String where = "run " + run + " step " + step + " prepared add";
                        assertEquals(outcome(() -> expected[0].addBuckets(buckets, counts)),
                                outcome(() -> actual[0].addBuckets(buckets, counts)), where);
                        continue;
                    }
                    byte[] histogram = histogram(random);
                    int unitNow = unit;
                    SparseBuckets into = expected[target];
                    SparseBuckets deferredInto = actual[target];
                    String was = outcome(() -> immediate.addTo(histogram, unitNow, into));
                    String is = outcome(() -> deferred.addDeferred(histogram, unitNow, deferredInto));
                    assertEquals(was, is, "run " + run + " step " + step);
                    if (!is.isEmpty()) {
                        deferredFailures++;
                    }
                    if (random.nextInt(25) == 0) {
                        deferred.settle();
                        assertSame(expected, actual, "run " + run + " step " + step);
                    }
                }
                deferred.settle();
                assertSame(expected, actual, "run " + run);
            }
        }
        assertTrue(deferredFailures > 100, "the runs refused intervals of every kind: " + deferredFailures);
    }

    @Test
    void droppedIntervalsAreNotAdded() throws Exception {
        Random random = new Random(11L);
        try (IntervalHistograms deferred = new IntervalHistograms(IntervalHistograms.Decoding.READER);
                IntervalHistograms immediate = new IntervalHistograms(IntervalHistograms.Decoding.READER)) {
            SparseBuckets expected = new SparseBuckets();
            SparseBuckets actual = new SparseBuckets();
            for (int i = 0; i < 20; i++) {
                deferred.addDeferred(common(random, 1 + random.nextInt(30)), 3, actual);
            }
            deferred.dropPending();
            assertEquals(0, actual.totalCount());
            for (int i = 0; i < 20; i++) {
                byte[] histogram = common(random, 1 + random.nextInt(30));
                deferred.addDeferred(histogram, 3, actual);
                immediate.addTo(histogram, 3, expected);
            }
            deferred.settle();
            assertArrayEquals(expected.encode(), actual.encode());
        }
    }

    private static SparseBuckets[] targets() {
        SparseBuckets[] targets = new SparseBuckets[TARGETS];
        for (int i = 0; i < TARGETS; i++) {
            targets[i] = new SparseBuckets();
        }
        return targets;
    }

    private static void assertSame(SparseBuckets[] expected, SparseBuckets[] actual, String where) {
        for (int i = 0; i < TARGETS; i++) {
            assertEquals(expected[i].totalCount(), actual[i].totalCount(), where + " target " + i + " total");
            assertArrayEquals(expected[i].encode(), actual[i].encode(), where + " target " + i);
        }
    }

    /** What a call threw ("" when nothing): its class and message. */
    private static String outcome(ThrowingCall call) {
        try {
            call.run();
            return "";
        } catch (Exception e) {
            return e.toString();
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static byte[] histogram(Random random) {
        switch (random.nextInt(13)) {
            case 12: { // just below 2^63-1 ns in microseconds or milliseconds: in the top nanosecond bucket, or past it
                Histogram top = new Histogram(1, Long.MAX_VALUE / 2, 3);
                long factor = random.nextBoolean() ? 1_000 : 1_000_000;
                top.recordValue(Long.MAX_VALUE / factor - random.nextInt(1 << 20) * (long) random.nextInt(1 << 20));
                top.recordValue(1 + random.nextInt(1000));
                return compress(top);
            }
            case 0: { // values near 2^62: their nanoseconds pass 2^63-1 in microseconds and milliseconds
                Histogram top = new Histogram(1, Long.MAX_VALUE / 2, 3);
                top.recordValue((Long.MAX_VALUE / 2) >> random.nextInt(40));
                top.recordValue(1 + random.nextInt(1000));
                return compress(top);
            }
            case 1: { // counts whose sums pass 2^63-1 within a few intervals
                Histogram huge = new Histogram(1, 86_400_000L, 3);
                huge.recordValueWithCount(1 + random.nextInt(86_400_000), Long.MAX_VALUE / 3);
                huge.recordValueWithCount(1 + random.nextInt(1000), 1 + random.nextInt(5));
                return compress(huge);
            }
            case 2: { // not the common form: the library's
                Histogram twoDigits = new Histogram(1, 86_400_000L, 2);
                twoDigits.recordValueWithCount(1 + random.nextInt(86_400_000), 1 + random.nextInt(5));
                return compress(twoDigits);
            }
            case 3: // nothing recorded
                return compress(new Histogram(1, 86_400_000L, 3));
            case 4: { // damaged
                byte[] bytes = common(random, 1 + random.nextInt(40));
                if (random.nextBoolean()) {
                    return Arrays.copyOf(bytes, bytes.length - 1 - random.nextInt(6));
                }
                for (int i = 12 + random.nextInt(bytes.length - 12); i < bytes.length; i += 3) {
                    bytes[i] ^= (byte) (1 + random.nextInt(255));
                }
                return bytes;
            }
            default:
                return common(random, 1 + random.nextInt(60));
        }
    }

    /** A day of milliseconds at 3 digits, as agents send, with {@code values} values in a few dozen buckets. */
    private static byte[] common(Random random, int values) {
        Histogram histogram = new Histogram(1, 86_400_000L, 3);
        long center = 1 + random.nextInt(random.nextBoolean() ? 5_000 : 25_000_000);
        for (int i = 0; i < values; i++) {
            long value = Math.max(0, center + (long) (random.nextGaussian() * center / 4));
            histogram.recordValueWithCount(Math.min(86_400_000L, value), 1 + random.nextInt(3));
        }
        return compress(histogram);
    }

    private static byte[] compress(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }
}
