package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.HostileHistograms;
import io.pmr.collector.TestEnvelopes;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramCheckTest {

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
