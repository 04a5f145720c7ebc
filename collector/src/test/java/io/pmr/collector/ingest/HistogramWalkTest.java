package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.HostileHistograms;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The walk reads a payload's varints by runs while a whole varint is sure to be at hand ({@link HistogramWalk}); on
 * every payload, honest or hostile, the verdict (total, or the exact problem) is the byte-by-byte reading's, whether
 * the stream is inflated in one call or step by step (with refills of the chunk in the middle of runs).
 */
class HistogramWalkTest {
    private static final long DAY_MILLIS = 86_400_000L;

    @Test
    void readingByRunsDecidesAsByteByByteOnSeededHonestHistograms() {
        SplittableRandom random = new SplittableRandom(20_261_206L);
        for (int i = 0; i < 2_000; i++) {
            ByteString histogram = honest(random);
            HistogramCheck.Result result = assertSameVerdicts(histogram, "honest " + i);
            assertTrue(result.ok(), "honest " + i + ": " + result.problem());
        }
    }

    @Test
    void readingByRunsDecidesAsByteByByteOnSeededHostilePayloads() {
        SplittableRandom random = new SplittableRandom(14);
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < 6_000; i++) {
            long highest = random.nextBoolean() ? DAY_MILLIS : 1L << 40;
            byte[] payload = hostilePayload(random, i % 4 == 0 ? 2_000 + random.nextInt(4_000) : random.nextInt(300),
                    HistogramCheck.countsArrayLength(1, highest, 3));
            int declared = payload.length;
            if (i % 7 == 0 && declared > 0) {
                declared -= random.nextInt(1, Math.min(declared, 12) + 1); // a varint cut by the declared length
            }
            byte[] sent = i % 7 == 0 ? Arrays.copyOf(payload, declared) : payload;
            ByteString histogram = HostileHistograms.withPayload(1, highest, declared, sent);
            HistogramCheck.Result result = assertSameVerdicts(histogram, "hostile " + i);
            String kind = result.ok() ? "accepted" : result.problem().replaceAll("[0-9]+", "N");
            kinds.merge(kind, 1, Integer::sum);
        }
        // each way a walk ends was met many times
        for (String kind : new String[] {"accepted", "truncated varint at payload byte N",
                "zero run of N at index N runs past the counts array of N",
                "count at index N past the counts array of N", "total count overflows"}) {
            assertTrue(kinds.getOrDefault(kind, 0) >= 50, kind + " met " + kinds.getOrDefault(kind, 0) + " times: "
                    + kinds);
        }
    }

    @Test
    void everyVarintLengthAtEveryDistanceFromThePayloadsEndDecidesAsByteByByte() {
        // a varint of 1 to 9 bytes (and a 9-byte one whose last byte has its top bit set), then 0 to 12 one-byte
        // counts: each crosses the point where fewer than 9 bytes are at hand, and the walk changes its reading there
        for (int length = 1; length <= 9; length++) {
            for (int topBit = 0; topBit <= 1; topBit++) {
                for (int after = 0; after <= 12; after++) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(4); // a count of 2
                    for (int i = 0; i < length - 1; i++) {
                        out.write(i == 0 ? 0x83 : 0x80); // continuation bytes
                    }
                    out.write(length == 9 && topBit == 1 ? 0x80 : 0x01);
                    for (int i = 0; i < after; i++) {
                        out.write(2); // a count of 1
                    }
                    byte[] payload = out.toByteArray();
                    for (int cut = 0; cut <= 2 && cut < payload.length; cut++) {
                        int declared = payload.length - cut;
                        ByteString histogram = HostileHistograms.withPayload(1, DAY_MILLIS, declared,
                                Arrays.copyOf(payload, declared));
                        assertSameVerdicts(histogram, length + " bytes, top bit " + topBit + ", " + after
                                + " after, cut " + cut);
                    }
                }
            }
        }
    }

    /** Both readings of the stream, each by runs and byte by byte: the same result. */
    private static HistogramCheck.Result assertSameVerdicts(ByteString histogram, String what) {
        HistogramCheck.Result byBytes = HistogramCheck.decodeTotal(histogram, true, false);
        assertEquals(byBytes, HistogramCheck.decodeTotal(histogram, true, true), what + ", one inflate");
        HistogramCheck.Result stepByBytes = HistogramCheck.decodeTotal(histogram, false, false);
        assertEquals(stepByBytes, HistogramCheck.decodeTotal(histogram, false, true), what + ", step by step");
        assertEquals(byBytes, HistogramCheck.decodeTotal(histogram), what + ", the check's own reading");
        return byBytes;
    }

    private static ByteString honest(SplittableRandom random) {
        Histogram histogram = new Histogram(1, random.nextBoolean() ? DAY_MILLIS : 3_600_000_000L,
                random.nextInt(4) == 0 ? 2 : 3);
        int values = random.nextInt(4) == 0 ? random.nextInt(3_000) : random.nextInt(60);
        for (int v = 0; v < values; v++) {
            histogram.recordValueWithCount(1 + random.nextLong(random.nextBoolean() ? 10_000 : 80_000_000L),
                    1 + random.nextLong(random.nextInt(4) == 0 ? 1L << 40 : 100_000));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    /**
     * About {@code values} varints within a counts array of {@code countsLength}: mostly counts and short zero runs (one
     * and two bytes); with a chance set per payload, a hostile value: a long count, a zero run to the array's very end
     * (then a count past it), a long or negative-infinite zero run, a huge count (an overflow), or raw bytes
     * (continuation runs, 9-byte varints); and the last value may be left unfinished.
     */
    private static byte[] hostilePayload(SplittableRandom random, int values, long countsLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int hostility = new int[] {0, 2, 20, 100}[random.nextInt(4)]; // per 1,000 values
        long index = 0;
        for (int i = 0; i < values; i++) {
            if (random.nextInt(1_000) >= hostility) {
                if (index < countsLength - 100 && random.nextInt(3) == 0) {
                    int zeros = 1 + random.nextInt(random.nextInt(10) == 0 ? 90 : 8);
                    out.writeBytes(HostileHistograms.varints(-zeros));
                    index += zeros;
                } else {
                    out.writeBytes(HostileHistograms.varints(random.nextInt(random.nextBoolean() ? 64 : 8_000)));
                    index++;
                }
                continue;
            }
            switch (random.nextInt(6)) {
                case 0 -> out.writeBytes(HostileHistograms.varints(random.nextLong(1L << random.nextInt(1, 63))));
                case 1 -> {
                    out.writeBytes(HostileHistograms.varints(-(countsLength - index), 1 + random.nextInt(100)));
                    index = countsLength + 1;
                }
                case 2 -> out.writeBytes(HostileHistograms.varints(random.nextBoolean() ? Long.MIN_VALUE
                        : -random.nextLong(1L << random.nextInt(1, 63))));
                case 3 -> out.writeBytes(HostileHistograms.varints(Long.MAX_VALUE - random.nextInt(1_000),
                        1 + random.nextInt(1_000)));
                default -> {
                    int raw = random.nextInt(1, 12);
                    for (int b = 0; b < raw; b++) {
                        out.write(random.nextInt(4) == 0 ? random.nextInt(256) : 0x80 | random.nextInt(128));
                    }
                }
            }
        }
        byte[] payload = out.toByteArray();
        if (payload.length > 0 && random.nextInt(5) == 0) {
            payload[payload.length - 1] |= (byte) 0x80; // the last varint unfinished
        }
        return payload;
    }
}
