package io.pmr.agent.rtt;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report intervals as the .hlog holds them, read back with HdrHistogram's own reader. */
class RttIntervalsTest {
    private static final long T0 = 1_600_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long T0_MILLIS = T0 / 1_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final RttIntervals intervals = new RttIntervals(
            new IntervalLog(new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8))), 5 * SECOND);

    /** Each interval as {start ms after T0, end ms after T0, count}. */
    private List<List<Long>> written() {
        List<List<Long>> out = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(bytes.toByteArray()));
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            out.add(List.of(h.getStartTimeStamp() - T0_MILLIS, h.getEndTimeStamp() - T0_MILLIS,
                    ((org.HdrHistogram.Histogram) h).getTotalCount()));
        }
        return out;
    }

    @Test
    void eachIntervalEndsOnItsScheduleAndTheLastWhenTheSessionEnds() {
        intervals.start(T0, "test");
        intervals.record(SECOND);
        intervals.record(2 * SECOND);
        assertEquals(T0 + 10 * SECOND, intervals.closeScheduled(), "the second closes 10 s after the start");
        intervals.record(3 * SECOND);
        assertEquals(T0 + 15 * SECOND, intervals.closeScheduled(), "on schedule whenever it is called");
        intervals.record(4 * SECOND);
        assertFalse(intervals.isFinished());
        intervals.finish(T0 + 12_500_000_000L);
        assertTrue(intervals.isFinished());
        intervals.record(5 * SECOND);
        intervals.finish(T0 + 20 * SECOND);

        assertEquals(List.of(List.of(0L, 5_000L, 2L), List.of(5_000L, 10_000L, 1L), List.of(10_000L, 12_500L, 1L)),
                written(), "the last, partial interval once, nothing after it");
    }

    @Test
    void theLastIntervalIsWrittenOnlyIfItTookTimeOrHoldsALatency() {
        intervals.start(T0, "test");
        intervals.closeScheduled();
        intervals.finish(T0 + 5 * SECOND);
        assertEquals(List.of(List.of(0L, 5_000L, 0L)), written(), "empty and no time: not written");
    }

    @Test
    void aLastIntervalWithLatenciesIsWrittenEvenWhenTheClockIsBehindItsStart() {
        intervals.start(T0, "test");
        intervals.closeScheduled();
        intervals.record(SECOND);
        intervals.finish(T0 + 4 * SECOND);
        assertEquals(List.of(List.of(0L, 5_000L, 0L), List.of(5_000L, 5_000L, 1L)), written(),
                "ends at its start, never before it");
    }
}
