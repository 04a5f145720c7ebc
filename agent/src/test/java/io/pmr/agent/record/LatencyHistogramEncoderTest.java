package io.pmr.agent.record;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The encoder's bytes must decode, with HdrHistogram itself, into exactly the histogram of the same values. */
class LatencyHistogramEncoderTest {
    private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();

    @Property(tries = 300, seed = "20201")
    void decodesToTheHistogramOfTheSameValues(
            @ForAll @Size(min = 1, max = 400) List<@LongRange(min = 0, max = 200_000_000_000L) Long> values) throws DataFormatException {
        assertRoundTrip(values);
    }

    @Property(tries = 200, seed = "20202")
    void denseSmallValuesWithRepeatsAndSingleGaps(
            @ForAll @Size(min = 1, max = 3000) List<@LongRange(min = 0, max = 5_000) Long> values) throws DataFormatException {
        assertRoundTrip(values);
    }

    @Test
    void edgeValues() throws DataFormatException {
        assertRoundTrip(List.of(0L));
        assertRoundTrip(List.of(1L));
        assertRoundTrip(List.of(2047L, 2048L, 2049L, 4095L, 4096L));
        assertRoundTrip(List.of(25_000_000L, 24_999_000L, 25_001_000L));   // 25 s TRT edges, microseconds
        assertRoundTrip(List.of(79_200_000_000L));                        // 22 h
        assertRoundTrip(List.of(5L, 7L));                                  // a single empty slot between
    }

    @Test
    void encoderIsReusableAcrossCalls() throws DataFormatException {
        assertRoundTrip(List.of(3L, 1_000_000L, 7L));
        assertRoundTrip(List.of(42L));
        assertRoundTrip(List.of(9_999_999L, 1L, 1L, 1L));
    }

    /**
     * An encoding longer than one stored deflate block (65,535 bytes) spans several, and HdrHistogram's decoder (an
     * inflater, which checks the stream's Adler-32) reads it back whole.
     */
    @Test
    void anEncodingLongerThanOneStoredBlockDecodesWhole() throws DataFormatException {
        int maxIndex = 40_000;
        int[] counts = new int[maxIndex + 1];
        Arrays.fill(counts, 200); // two bytes a slot
        long max = LatencyHistogramEncoder.lowestValueAt(maxIndex);
        int length = encoder.encodeCountsInto(counts, maxIndex, max);
        assertTrue(length > 65_535 + 64, "more than one stored block: " + length);
        Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Arrays.copyOf(encoder.encoded(), length)), 0);
        assertEquals(200L * (maxIndex + 1), decoded.getTotalCount());
        assertEquals(200, decoded.getCountAtValue(max));
        assertEquals(200, decoded.getCountAtValue(LatencyHistogramEncoder.lowestValueAt(maxIndex / 2)));
    }

    @Test
    void nothingToEncodeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(new long[1], 0));
        assertEquals("count must be positive, was 0", e.getMessage());
    }

    private void assertRoundTrip(List<Long> values) throws DataFormatException {
        long[] samples = new long[values.size()];
        Histogram expected = new Histogram(3);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = values.get(i);
            expected.recordValue(samples[i]);
        }
        byte[] encoded = encoder.encode(samples, samples.length);
        Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        assertEquals(expected.getTotalCount(), decoded.getTotalCount());
        assertEquals(expected.getMaxValue(), decoded.getMaxValue());
        assertEquals(expected.getMinValue(), decoded.getMinValue());
        assertEquals(expected, decoded, "decoded histogram differs for " + values);
        assertArrayEquals(encoded, encodeAsCounts(values), "counting per slot encodes the same bytes");
    }

    /** What a busy interval cell does: counts per HdrHistogram slot, then encodes the counts. */
    private byte[] encodeAsCounts(List<Long> values) {
        int[] counts = new int[1];
        int maxIndex = 0;
        long max = 0;
        for (long value : values) {
            int index = LatencyHistogramEncoder.countsIndex(value);
            if (index >= counts.length) {
                counts = Arrays.copyOf(counts, index + 1);
            }
            counts[index]++;
            maxIndex = Math.max(maxIndex, index);
            max = Math.max(max, value);
        }
        int length = encoder.encodeCountsInto(counts, maxIndex, max);
        return Arrays.copyOf(encoder.encoded(), length);
    }

    @Property(tries = 200, seed = "20203")
    void lowestValueOfASlotRecordsIntoThatSlot(@ForAll @LongRange(min = 0, max = 200_000_000_000L) long value) {
        int index = LatencyHistogramEncoder.countsIndex(value);
        long lowest = LatencyHistogramEncoder.lowestValueAt(index);
        assertEquals(index, LatencyHistogramEncoder.countsIndex(lowest));
        assertTrue(lowest <= value);
        assertTrue(lowest == 0 || LatencyHistogramEncoder.countsIndex(lowest - 1) == index - 1, "the slot's lowest value");
    }

    @Test
    void countsWithAnEmptyHighestSlotAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encodeCountsInto(new int[4], 3, 3));
        assertEquals("the highest slot must be counted, was 3", e.getMessage());
    }
}
