package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.pmr.collector.HostileHistograms.varints;
import static io.pmr.collector.HostileHistograms.withPayload;

import com.google.protobuf.ByteString;
import io.pmr.collector.HostileHistograms;
import io.pmr.collector.TestEnvelopes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

class HistogramCheckTest {
    static final long DAY_MILLIS = 86_400_000L;
    /** Counts array length of 3 digits over 1..DAY_MILLIS, the range the crafted histograms below claim. */
    static final long DAY_LENGTH = HistogramCheck.countsArrayLength(1, DAY_MILLIS, 3);

    private static String problemOf(ByteString encoded) {
        HistogramCheck.Result result = HistogramCheck.decodeTotal(encoded);
        assertFalse(result.ok(), "accepted with total " + result.totalCount());
        return result.problem();
    }

    private static ByteString encode(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    private static long hdrDecodedTotal(ByteString encoded) throws DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded.toByteArray()), 0).getTotalCount();
    }

    /** A value spread log-uniformly over 1..highest, so every bucket magnitude gets values. */
    private static long logUniform(SplittableRandom random, long highest) {
        double exponent = random.nextDouble() * Math.log(highest);
        return Math.max(1, Math.min(highest, (long) Math.exp(exponent)));
    }

    @Test
    void streamingTotalEqualsHdrHistogramsDecodedTotal() throws DataFormatException {
        SplittableRandom random = new SplittableRandom(20_200_901L);
        long[] lowests = {1, 1, 1_000, 1_000_000};
        // one day in ms, one hour in µs, one hour in ns, 30 s in µs
        long[] highests = {DAY_MILLIS, 3_600_000_000L, 3_600_000_000_000L, 30_000_000L};
        int largePayloads = 0;
        for (int run = 0; run < 400; run++) {
            long lowest = lowests[random.nextInt(lowests.length)];
            long highest = Math.max(2 * lowest, highests[random.nextInt(highests.length)] >> random.nextInt(4));
            int kind = random.nextInt(4);
            boolean autoResize = kind >= 2;
            long valueCeiling = autoResize ? 3_600_000_000L : highest;
            int digits = random.nextInt(6);
            // Parameters within the check's bounds (auto-resizing ones grow to about twice the largest value).
            if (HistogramCheck.countsArrayLength(autoResize ? 1 : lowest, 2 * valueCeiling, digits)
                    > HistogramCheck.MAX_COUNTS_LENGTH) {
                digits = 3;
            }
            AbstractHistogram histogram = switch (kind) {
                case 0 -> new Histogram(lowest, highest, digits);
                case 1 -> new PackedHistogram(lowest, highest, digits);
                case 2 -> new Histogram(digits); // auto-resizing: the header carries the grown range
                default -> new PackedHistogram(digits);
            };
            int values = random.nextInt(10) == 0 ? random.nextInt(20_000) : random.nextInt(200);
            for (int v = 0; v < values; v++) {
                long count = random.nextInt(4) == 0 ? 1 + random.nextLong(1_000_000_000L) : 1;
                histogram.recordValueWithCount(logUniform(random, valueCeiling), count);
            }
            ByteString encoded = encode(histogram);
            if (ByteBuffer.wrap(encoded.toByteArray()).getInt(4) > 4096) {
                largePayloads++;
            }

            HistogramCheck.Result result = HistogramCheck.decodeTotal(encoded);

            String where = "run " + run + ": " + histogram.getClass().getSimpleName() + " " + lowest + ".." + highest
                    + " digits " + digits + ", " + values + " values";
            assertTrue(result.ok(), where + ": " + result.problem());
            assertEquals(hdrDecodedTotal(encoded), result.totalCount(), where);
            assertEquals(histogram.getTotalCount(), result.totalCount(), where);
        }
        assertTrue(largePayloads > 10, "too few compressed sizes above one 4 KiB chunk: " + largePayloads);
    }

    @Test
    void decodesNineByteVarints() throws DataFormatException {
        Histogram histogram = new Histogram(1, DAY_MILLIS, 3);
        histogram.recordValueWithCount(1_500, 1L << 62); // ZigZag makes it 2^63: all nine bytes

        ByteString encoded = encode(histogram);

        assertEquals(1L << 62, HistogramCheck.decodeTotal(encoded).totalCount());
        assertEquals(hdrDecodedTotal(encoded), HistogramCheck.decodeTotal(encoded).totalCount());
    }

    @Test
    void readsAVarintSplitAcrossTheInflateChunks() {
        long[] counts = new long[4_096];
        Arrays.fill(counts, 1);
        counts[4_095] = 1L << 14; // three bytes, starting at payload byte 4095
        byte[] payload = varints(counts);

        HistogramCheck.Result result = HistogramCheck.decodeTotal(withPayload(1, DAY_MILLIS, payload.length, payload));

        assertTrue(result.ok(), result.problem());
        assertEquals(4_095 + (1L << 14), result.totalCount());
    }

    @Test
    void refusesCountsWhoseTotalWouldWrapALong() {
        long quarter = 1L << 62;
        byte[] payload = varints(quarter, quarter, quarter, quarter);

        assertEquals("total count overflows", problemOf(withPayload(1, DAY_MILLIS, payload.length, payload)));
    }

    @Test
    void refusesACountPastTheCountsArray() {
        byte[] payload = varints(-(DAY_LENGTH - 1), 1, 1);

        assertEquals("count at index " + DAY_LENGTH + " past the counts array of " + DAY_LENGTH,
                problemOf(withPayload(1, DAY_MILLIS, payload.length, payload)));
    }

    @Test
    void refusesAZeroRunPastTheCountsArray() {
        byte[] payload = varints(7, -DAY_LENGTH);
        byte[] hugeRun = varints(Long.MIN_VALUE); // negates to itself

        assertEquals("zero run of " + DAY_LENGTH + " at index 1 runs past the counts array of " + DAY_LENGTH,
                problemOf(withPayload(1, DAY_MILLIS, payload.length, payload)));
        assertEquals("zero run of 9223372036854775808 at index 0 runs past the counts array of " + DAY_LENGTH,
                problemOf(withPayload(1, DAY_MILLIS, hugeRun.length, hugeRun)));
    }

    @Test
    void refusesATruncatedVarint() {
        byte[] cut = {(byte) 0x80};
        byte[] cutAfterACount = {0x0a, (byte) 0x81, (byte) 0x80};

        assertEquals("truncated varint at payload byte 0", problemOf(withPayload(1, DAY_MILLIS, 1, cut)));
        assertEquals("truncated varint at payload byte 1", problemOf(withPayload(1, DAY_MILLIS, 3, cutAfterACount)));
    }

    @Test
    void refusesAPayloadThatDoesNotInflateToItsDeclaredLength() {
        byte[] payload = varints(1, 2, 3);

        assertEquals("payload truncated: inflates to 3 of 5 bytes",
                problemOf(withPayload(1, DAY_MILLIS, 5, payload)));
        assertEquals("payload inflates to more than its declared 2 bytes",
                problemOf(withPayload(1, DAY_MILLIS, 2, payload)));
    }

    @Test
    void decodesTheTotalOfAGoodHistogram() {
        HistogramCheck.Result result = HistogramCheck.decodeTotal(TestEnvelopes.histogram(1_200, 42));

        assertTrue(result.ok(), result.problem());
        assertEquals(42, result.totalCount());
    }

    @Test
    void refusesAHeaderClaimingAHugeRangeBeforeAllocating() {
        HistogramCheck.Result result = HistogramCheck.decodeTotal(
                HostileHistograms.claiming(5, 1, Long.MAX_VALUE / 2));

        assertFalse(result.ok());
        assertTrue(result.problem().contains("exceeds the bound"), result.problem());
    }

    @Test
    void refusesAHeaderWhoseCountsArrayWouldBeTooLarge() {
        // 5 digits over 1..2^56 would need a counts array of about 5 million longs (40 MB).
        HistogramCheck.Result result = HistogramCheck.decodeTotal(HostileHistograms.claiming(5, 1, 1L << 56));

        assertFalse(result.ok());
        assertTrue(result.problem().startsWith("counts array of"), result.problem());
    }

    @Test
    void refusesGarbageAndTruncation() {
        assertFalse(HistogramCheck.decodeTotal(ByteString.copyFromUtf8("not a histogram")).ok());
        assertFalse(HistogramCheck.decodeTotal(HostileHistograms.truncated()).ok());
        assertFalse(HistogramCheck.decodeTotal(HostileHistograms.claiming(7, 1, 1000)).ok(), "digits 0..5");
        assertFalse(HistogramCheck.decodeTotal(HostileHistograms.claiming(3, 0, 1000)).ok(), "lowest >= 1");
    }

    @Test
    void countsArrayLengthMatchesHdrHistogram() {
        long[][] cases = {{1, 3_600_000_000L, 3}, {1, 86_400_000L, 3}, {1000, 1L << 50, 2}, {1, 2, 0}, {1, 1L << 56, 4}};
        for (long[] c : cases) {
            Histogram histogram = new Histogram(c[0], c[1], (int) c[2]);
            // Histogram's footprint is 512 bytes plus 8 per count.
            long countsLength = (histogram.getEstimatedFootprintInBytes() - 512) / 8;
            assertEquals(countsLength, HistogramCheck.countsArrayLength(c[0], c[1], (int) c[2]));
        }
    }
}
