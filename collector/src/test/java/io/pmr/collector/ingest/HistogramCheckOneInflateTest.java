package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.HostileHistograms;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The check inflates a histogram in one call when the whole stream fits its buffer ({@code inflateWhole}); whatever
 * that call meets, the verdict (total, or the exact problem) is the one the step-by-step reading gives.
 */
class HistogramCheckOneInflateTest {

    @Test
    void oneInflateDecidesAsTheStepByStepReadingOnSeededHonestAndDamagedHistograms() {
        SplittableRandom random = new SplittableRandom(20261206);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            ByteString histogram = variant(random, honest(random), i % 6);
            HistogramCheck.Result stepByStep = HistogramCheck.decodeTotal(histogram, false, true);
            assertEquals(stepByStep, HistogramCheck.decodeTotal(histogram), "variant " + i);
            if (stepByStep.ok()) {
                accepted++;
            } else {
                refused++;
            }
        }
        assertTrue(accepted > 500 && refused > 500, accepted + " accepted, " + refused + " refused");
    }

    @Test
    void aPayloadLongerOrShorterThanDeclaredIsRefusedAsBefore() {
        byte[] payload = HostileHistograms.varints(-100, 3, -5, 7, 1);
        for (int declared = 0; declared <= payload.length + 2; declared++) {
            ByteString histogram = HostileHistograms.withPayload(1, 86_400_000L, declared, payload);
            assertEquals(HistogramCheck.decodeTotal(histogram, false, true), HistogramCheck.decodeTotal(histogram),
                    "declared " + declared);
        }
        // a payload past the one-inflate buffer: read step by step (and still accepted)
        byte[] big = new byte[6_000];
        for (int i = 0; i < big.length; i += 2) {
            big[i] = 2; // a count of 1
            big[i + 1] = 1; // a zero run of 1
        }
        ByteString long6000 = HostileHistograms.withPayload(1, 86_400_000L, big.length, big);
        assertEquals(3_000, HistogramCheck.decodeTotal(long6000).totalCount());
        assertEquals(HistogramCheck.decodeTotal(long6000, false, true), HistogramCheck.decodeTotal(long6000));
    }

    @Test
    void aStreamCutInItsChecksumOrLongerThanTheBufferIsRefusedAsBefore() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = honest(random).toByteArray();
            for (int cut = 1; cut <= 4; cut++) { // into the zlib trailer: every value inflated, the stream unfinished
                byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - cut);
                ByteBuffer.wrap(shorter).putInt(4, shorter.length - 8);
                ByteString histogram = ByteString.copyFrom(shorter);
                HistogramCheck.Result result = HistogramCheck.decodeTotal(histogram);
                assertEquals(HistogramCheck.decodeTotal(histogram, false, true), result, "cut " + cut);
                assertTrue(!result.ok(), "cut " + cut);
            }
        }
        // exactly the buffer's payload declared, more inflated: the one inflate fills its buffer unfinished
        byte[] payload = new byte[4_096 + 10];
        java.util.Arrays.fill(payload, (byte) 2); // counts of 1
        ByteString longer = HostileHistograms.withPayload(1, 86_400_000L, 4_096, payload);
        assertEquals("payload inflates to more than its declared 4096 bytes",
                HistogramCheck.decodeTotal(longer).problem());
        assertEquals(HistogramCheck.decodeTotal(longer, false, true), HistogramCheck.decodeTotal(longer));
    }

    private static ByteString honest(SplittableRandom random) {
        Histogram histogram = new Histogram(1, random.nextBoolean() ? 86_400_000L : 3_600_000_000L,
                random.nextInt(4) == 0 ? 2 : 3);
        int values = random.nextInt(4) == 0 ? random.nextInt(3_000) : random.nextInt(60);
        for (int v = 0; v < values; v++) {
            histogram.recordValueWithCount(1 + random.nextLong(random.nextBoolean() ? 10_000 : 80_000_000L),
                    1 + random.nextInt(random.nextBoolean() ? 3 : 100_000));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    /** The histogram as sent (kind 0), or damaged: a byte changed, cut short, bytes appended, a length field. */
    private static ByteString variant(SplittableRandom random, ByteString histogram, int kind) {
        byte[] bytes = histogram.toByteArray();
        switch (kind) {
            case 1 -> {
                int at = 8 + random.nextInt(bytes.length - 8);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 2 -> bytes = java.util.Arrays.copyOf(bytes, 8 + random.nextInt(bytes.length - 8));
            case 3 -> {
                byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(20));
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                // the compressed length claims the extra bytes half the time
                if (random.nextBoolean()) {
                    ByteBuffer.wrap(longer).putInt(4, longer.length - 8);
                }
                bytes = longer;
            }
            case 4 -> ByteBuffer.wrap(bytes).putInt(4, ByteBuffer.wrap(bytes).getInt(4) - 1 - random.nextInt(4));
            case 5 -> {
                if (random.nextBoolean()) {
                    int at = 2 + random.nextInt(Math.min(6, bytes.length - 10));
                    bytes[8 + at] ^= (byte) (1 << random.nextInt(8)); // near the stream's start: the zlib header
                }
            }
            default -> {
            }
        }
        return ByteString.copyFrom(bytes);
    }
}
