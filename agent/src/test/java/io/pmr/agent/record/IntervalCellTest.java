package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A cell's encoded latencies decode to exactly the histogram of what it recorded, whether it kept samples
 * (a quiet interval) or counted per slot (past {@link IntervalCell#SAMPLE_LIMIT}), and a recycled cell
 * starts empty.
 */
class IntervalCellTest {
    private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();

    @Property(tries = 40, seed = "31337")
    void encodesWhatItRecordedAcrossTheSampleLimitAndRecycling(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3 * IntervalCell.SAMPLE_LIMIT) int first,
            @ForAll @IntRange(min = 0, max = 3 * IntervalCell.SAMPLE_LIMIT) int second) throws DataFormatException {
        SplittableRandom random = new SplittableRandom(seed);
        IntervalCell cell = new IntervalCell(EventKind.RTT4, HubVariant.SKU1);
        cell.reset(0);
        assertRecordsAndEncodes(cell, random, first);
        cell.reset(60_000_000_000L); // recycled: the same object, a new minute
        assertRecordsAndEncodes(cell, random, second);
    }

    private void assertRecordsAndEncodes(IntervalCell cell, SplittableRandom random, int events) throws DataFormatException {
        Histogram expected = new Histogram(3);
        long maxMicros = 0;
        for (int i = 0; i < events; i++) {
            // Mostly seconds, some up to 22 h (RTT2's TRT), some sub-millisecond.
            long latencyNanos = switch (random.nextInt(3)) {
                case 0 -> random.nextLong(1_000_000L);
                case 1 -> random.nextLong(30_000_000_000L);
                default -> random.nextLong(79_200_000_000_000L);
            };
            cell.started();
            if (random.nextBoolean()) {
                cell.completedWithinTrt(latencyNanos);
            } else {
                cell.completedFailed(latencyNanos);
            }
            expected.recordValue(latencyNanos / 1_000L);
            maxMicros = Math.max(maxMicros, latencyNanos / 1_000L);
        }
        assertEquals(events, cell.latencyCount());
        assertEquals(maxMicros, cell.maxLatencyMicros());
        byte[] encoded = cell.encodeLatencies(encoder);
        if (events == 0) {
            assertNull(encoded);
            assertEquals(0, cell.encodeLatenciesInto(encoder));
            assertNull(cell.latencyMicros());
            return;
        }
        Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        assertEquals(expected, decoded, events + " latencies");
        assertEquals(expected, cell.latencyMicros(), "the diagnostic histogram has the same slots");
        assertEquals(events, cell.withinTrt() + cell.failed());
    }
}
