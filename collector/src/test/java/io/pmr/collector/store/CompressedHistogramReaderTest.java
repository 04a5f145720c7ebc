package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/**
 * The reader against HdrHistogram itself: seeded random histograms of the shapes agents send (a day of milliseconds,
 * microseconds, nanoseconds near 2^63, auto-resizing, one value, bucket edges, huge counts) must give exactly the
 * buckets {@code Histogram.recordedValues()} gives; other bucket structures are declined; damaged bytes throw.
 */
class CompressedHistogramReaderTest {

    @Test
    void randomHistogramsGiveTheLibrarysBucketsExactly() throws Exception {
        Random random = new Random(20261205L);
        try (CompressedHistogramReader reader = new CompressedHistogramReader()) {
            for (int round = 0; round < 400; round++) {
                Histogram histogram = randomHistogram(random, round);
                byte[] compressed = compress(histogram);
                assertTrue(reader.read(compressed), "round " + round + " declined");
                assertArrayEquals(libraryBuckets(histogram), readerBuckets(reader), "round " + round);
                assertEquals(histogram.getMaxValue(), reader.maxValue(), "round " + round);
            }
        }
    }

    @Test
    void theRollupSumsTheSameBucketsWhicheverDecodingReadsThem() throws Exception {
        Random random = new Random(7L);
        try (IntervalHistograms fast = new IntervalHistograms(IntervalHistograms.Decoding.READER);
                IntervalHistograms library = new IntervalHistograms(IntervalHistograms.Decoding.LIBRARY)) {
            SparseBuckets viaReader = new SparseBuckets();
            SparseBuckets viaLibrary = new SparseBuckets();
            for (int round = 0; round < 200; round++) {
                byte[] compressed = compress(randomHistogram(random, round));
                int unit = 1 + random.nextInt(3);
                boolean readerFailed = addOrFail(fast, compressed, unit, viaReader);
                boolean libraryFailed = addOrFail(library, compressed, unit, viaLibrary);
                assertEquals(libraryFailed, readerFailed, "round " + round + " overflow verdict");
            }
            // a 2-digit histogram is not the reader's form: the library's re-bucketing applies to both
            Histogram twoDigits = new Histogram(2);
            twoDigits.recordValueWithCount(123_456, 3);
            addOrFail(fast, compress(twoDigits), 2, viaReader);
            addOrFail(library, compress(twoDigits), 2, viaLibrary);
            assertArrayEquals(viaLibrary.encode(), viaReader.encode());
            assertTrue(viaReader.totalCount() > 0);
        }
    }

    @Test
    void otherBucketStructuresAreDeclined() throws Exception {
        try (CompressedHistogramReader reader = new CompressedHistogramReader()) {
            Histogram twoDigits = new Histogram(1, 86_400_000L, 2);
            twoDigits.recordValue(1_000);
            assertFalse(reader.read(compress(twoDigits)));
            Histogram coarse = new Histogram(1_000, 86_400_000_000L, 3);
            coarse.recordValue(5_000_000);
            assertFalse(reader.read(compress(coarse)));
            assertFalse(reader.read(new byte[] {1, 2, 3}));
            assertEquals(0, reader.size());
        }
    }

    @Test
    void damagedBytesThrowAndTheReaderStaysUsable() throws Exception {
        Histogram histogram = new Histogram(1, 86_400_000L, 3);
        for (int i = 0; i < 100; i++) {
            histogram.recordValue(500 + 37L * i);
        }
        byte[] good = compress(histogram);
        try (CompressedHistogramReader reader = new CompressedHistogramReader()) {
            byte[] truncated = Arrays.copyOf(good, good.length - 5);
            assertThrows(IllegalArgumentException.class, () -> reader.read(truncated));
            byte[] garbled = good.clone();
            for (int i = 12; i < garbled.length; i++) {
                garbled[i] ^= (byte) 0x5A;
            }
            assertThrows(Exception.class, () -> reader.read(garbled));
            assertTrue(reader.read(good));
            assertArrayEquals(libraryBuckets(histogram), readerBuckets(reader));
        }
    }

    private static boolean addOrFail(IntervalHistograms decoder, byte[] compressed, int unit, SparseBuckets into)
            throws DataFormatException {
        long before = into.totalCount();
        try {
            decoder.addTo(compressed, unit, into);
            return false;
        } catch (ArithmeticException e) {
            assertEquals(before, into.totalCount(), "a failed add adds nothing");
            return true;
        }
    }

    private static Histogram randomHistogram(Random random, int round) {
        Histogram histogram = switch (round % 4) {
            case 0 -> new Histogram(1, 86_400_000L, 3); // a day of milliseconds, as the agent sends
            case 1 -> new Histogram(1, 3_600_000_000L, 3); // an hour of microseconds
            case 2 -> new Histogram(3);
            default -> new Histogram(1, Long.MAX_VALUE / 2, 3); // nanoseconds, near the top
        };
        histogram.setAutoResize(round % 4 == 2);
        int values = round % 10 == 0 ? 1 : 1 + random.nextInt(300);
        long top = Math.min(histogram.getHighestTrackableValue(), switch (round % 4) {
            case 0 -> 86_400_000L;
            case 1 -> 3_600_000_000L;
            case 2 -> 1L << (10 + random.nextInt(40));
            default -> Long.MAX_VALUE / 2;
        });
        for (int i = 0; i < values; i++) {
            long value = random.nextInt(4) == 0 ? (1L << random.nextInt(63 - Long.numberOfLeadingZeros(top)))
                    : (long) (random.nextDouble() * top);
            value = Math.max(0, Math.min(top, value + random.nextInt(3) - 1)); // bucket edges and their neighbours
            long count = random.nextInt(20) == 0 ? (1L << 40) + random.nextInt(1000) : 1 + random.nextInt(50);
            histogram.recordValueWithCount(value, count);
        }
        return histogram;
    }

    private static byte[] compress(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    private static long[] libraryBuckets(Histogram histogram) {
        List<Long> pairs = new ArrayList<>();
        for (HistogramIterationValue value : histogram.recordedValues()) {
            pairs.add(value.getValueIteratedTo());
            pairs.add(value.getCountAtValueIteratedTo());
        }
        return pairs.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] readerBuckets(CompressedHistogramReader reader) {
        long[] pairs = new long[reader.size() * 2];
        for (int i = 0; i < reader.size(); i++) {
            pairs[2 * i] = reader.value(i);
            pairs[2 * i + 1] = reader.count(i);
        }
        return pairs;
    }
}
