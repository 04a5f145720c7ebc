package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseBuckets} against a sorted map of bucket counts, over seeded streams of every operation the writer and
 * the readers use, interleaved with encodings (each sorts the buckets added since the one before in among those it
 * had put in order, and reads of stored rows go into empty and non-empty ones): every encoding, size and total equals
 * the model's.
 */
class SparseBucketsModelTest {

    @Property(tries = 60)
    void everyEncodingEqualsTheModelsWhateverTheOperationsBetween(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SparseBuckets buckets = new SparseBuckets();
        TreeMap<Long, Long> model = new TreeMap<>();
        // few distinct values at times (many repeats of a bucket), many at others (new buckets in every batch)
        int spread = 1 + random.nextInt(4);
        for (int op = 0; op < 400; op++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> { // an interval's values
                    for (int i = random.nextInt(60); i > 0; i--) {
                        long nanos = value(random, spread);
                        long count = random.nextInt(4); // 0 makes an empty bucket, which the encoding leaves out
                        buckets.add(nanos, count);
                        model.merge(SparseBuckets.bucketOf(nanos), count, Long::sum);
                    }
                }
                case 3 -> { // a prepared interval's buckets
                    int n = random.nextInt(40);
                    long[] keys = new long[n];
                    long[] counts = new long[n];
                    for (int i = 0; i < n; i++) {
                        keys[i] = SparseBuckets.bucketOf(value(random, spread));
                        counts[i] = 1 + random.nextInt(3);
                        model.merge(keys[i], counts[i], Long::sum);
                    }
                    buckets.addBuckets(keys, counts);
                }
                case 4 -> { // another histogram, part merged and part added
                    SparseBuckets other = new SparseBuckets();
                    for (int i = random.nextInt(80); i > 0; i--) {
                        long nanos = value(random, spread);
                        other.add(nanos, 1);
                        model.merge(SparseBuckets.bucketOf(nanos), 1L, Long::sum);
                        if (random.nextInt(30) == 0) {
                            other.encode();
                        }
                    }
                    buckets.addAll(other);
                }
                case 5 -> { // a stored row added (into an empty one: read straight into the merged arrays)
                    TreeMap<Long, Long> stored = new TreeMap<>();
                    for (int i = random.nextInt(100); i > 0; i--) {
                        stored.merge(SparseBuckets.bucketOf(value(random, spread)), 1L + random.nextInt(9), Long::sum);
                    }
                    byte[] encoded = encodingOf(stored);
                    if (encoded != null) {
                        buckets.addEncoded(encoded);
                        stored.forEach((key, count) -> model.merge(key, count, Long::sum));
                    }
                }
                case 6 -> {
                    buckets.clear();
                    model.clear();
                }
                default -> {
                    assertArrayEquals(encodingOf(model), buckets.encode(), "after operation " + op);
                    assertEquals(model.size(), buckets.size());
                }
            }
            assertEquals(model.values().stream().mapToLong(Long::longValue).sum(), buckets.totalCount());
        }
        assertArrayEquals(encodingOf(model), buckets.encode());
    }

    @Test
    void aStoredRowOutOfOrderIsSummedNotMisplaced() {
        // RollupCodec's form as a damaged or hand-made row may hold it: a delta of 0 (the same bucket twice), then on
        VarintWriter out = new VarintWriter(16);
        long bucket = SparseBuckets.bucketOf(5_000);
        long later = SparseBuckets.bucketOf(90_000);
        out.writeVarint(bucket);
        out.writeVarint(2);
        out.writeVarint(0);
        out.writeVarint(3);
        out.writeVarint(later - bucket);
        out.writeVarint(1);
        SparseBuckets buckets = new SparseBuckets();
        buckets.addEncoded(out.toByteArray());
        assertArrayEquals(encodingOf(new TreeMap<>(Map.of(bucket, 5L, later, 1L))), buckets.encode());
        assertEquals(6, buckets.totalCount());
        assertNull(new SparseBuckets().encode());
    }

    @Test
    void decodedBucketsThatWouldPassTheLongRangeAddNothing() {
        // addBuckets checks only the total before its unchecked adds: a bucket's count never exceeds the total
        long small = SparseBuckets.bucketOf(5_000);
        long large = SparseBuckets.bucketOf(90_000);
        SparseBuckets buckets = new SparseBuckets();
        buckets.addBuckets(new long[] {small, large}, new long[] {Long.MAX_VALUE - 10, 5}, 2, Long.MAX_VALUE - 5);
        byte[] before = buckets.encode();
        assertThrows(ArithmeticException.class,
                () -> buckets.addBuckets(new long[] {large, small}, new long[] {1, 5}, 2, 6));
        assertThrows(ArithmeticException.class,
                () -> buckets.addBuckets(new long[] {large, small}, new long[] {3, Long.MAX_VALUE}));
        assertArrayEquals(before, buckets.encode());
        assertEquals(Long.MAX_VALUE - 5, buckets.totalCount());
        buckets.addBuckets(new long[] {large, large}, new long[] {2, 3}, 2, 5);
        assertEquals(Long.MAX_VALUE, buckets.totalCount());
        assertArrayEquals(encodingOf(new TreeMap<>(Map.of(small, Long.MAX_VALUE - 10, large, 10L))), buckets.encode());
    }

    @Test
    void theGainSinceAMarkIsWhatWasAddedAcrossAResizeAndAReorderIsRefused() {
        SplittableRandom random = new SplittableRandom(9);
        SparseBuckets rollup = new SparseBuckets();
        for (int i = 0; i < 40; i++) {
            rollup.add(value(random, 3), 1 + random.nextInt(5));
        }
        rollup.encode(); // a kept rollup is encoded, so in key order, when the next batch marks it
        long[] mark = rollup.markCounts(null);
        int markSize = rollup.size();
        int markOrder = rollup.usedOrder();
        TreeMap<Long, Long> added = new TreeMap<>();
        for (int i = 0; i < 500; i++) { // old buckets and new ones, past a resize of the table
            long nanos = value(random, 3);
            long count = 1 + random.nextInt(5);
            rollup.add(nanos, count);
            added.merge(SparseBuckets.bucketOf(nanos), count, Long::sum);
        }
        SparseBuckets gain = new SparseBuckets();
        rollup.addGainSince(mark, markSize, markOrder, gain);
        assertArrayEquals(encodingOf(added), gain.encode());
        rollup.encode();
        assertThrows(IllegalStateException.class,
                () -> rollup.addGainSince(mark, markSize, markOrder, new SparseBuckets()));
    }

    private static long value(SplittableRandom random, int spread) {
        return switch (spread) {
            case 1 -> 1_000_000L + random.nextInt(20) * 1_000L; // a handful of buckets
            case 2 -> (long) (1_000 * Math.pow(1e6, random.nextDouble()));
            default -> (long) (1_000 * Math.pow(1e9, random.nextDouble() * random.nextDouble()));
        };
    }

    /** RollupCodec's histogram form of the model: ascending buckets with a count, as key deltas and counts. */
    private static byte[] encodingOf(TreeMap<Long, Long> model) {
        VarintWriter out = new VarintWriter(16);
        long previous = 0;
        boolean any = false;
        for (Map.Entry<Long, Long> bucket : model.entrySet()) {
            if (bucket.getValue() == 0) {
                continue;
            }
            out.writeVarint(bucket.getKey() - previous);
            out.writeVarint(bucket.getValue());
            previous = bucket.getKey();
            any = true;
        }
        return any ? out.toByteArray() : null; // nothing with a count: no histogram
    }
}
