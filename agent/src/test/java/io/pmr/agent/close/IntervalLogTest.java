package io.pmr.agent.close;

import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The interval log's lines are HdrHistogram's, byte for byte what the formatter wrote, and readable by its reader. */
class IntervalLogTest {
    private static final long T0 = 1_598_914_800_000_000_000L; // 2020-09-01T00:00 London, epoch ns

    @TempDir
    Path dir;

    @Test
    void lineIsExactlyWhatTheFormatterWrites() throws Exception {
        IntervalLog log = new IntervalLog(dir.resolve("a.hlog"), 0);
        SplittableRandom random = new SplittableRandom(20_200_901L);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 99L, 100L, 999L, 1000L, 1001L, -1L, -999L,
                -1000L, -1001L, 1_598_914_800_000L, (1L << 50) - 1, 1L << 50, (1L << 50) + 1, -(1L << 50) + 1,
                -(1L << 50), Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (int i = 0; i < 30_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64)); // every magnitude, both signs
        }
        byte[] histogram = {1, 2, 3, (byte) 0xFE};
        for (int i = 0; i < values.size(); i++) {
            long start = values.get(i);
            long length = values.get((i * 7 + 3) % values.size());
            long max = values.get((i * 13 + 5) % values.size());
            String expected = String.format(Locale.US, "Tag=%s:%s,%.3f,%.3f,%.3f,%s%n", "CSPN/PM4.3", "SKU2",
                    start / 1000.0, length / 1000.0, max / 1000.0, Base64.getEncoder().encodeToString(histogram));
            assertEquals(expected, log.line("CSPN/PM4.3", "SKU2", start, length, max, histogram).toString(),
                    "start " + start + ", length " + length + ", max " + max);
        }
        log.close();
    }

    @Test
    void appendedIntervalsAreReadBackByHdrHistogramAfterFlush() throws Exception {
        Map<EventKind, Duration> trts = Map.of(EventKind.RTT4, Duration.ofSeconds(25));
        Measures measures = new Measures(Region.NORTH, trts);
        IntervalTable table = new IntervalTable(measures);
        Correlator correlator = new Correlator(table, 8);
        SplittableRandom random = new SplittableRandom(7);
        long now = T0;
        for (int id = 0; id < 5_000; id++) {
            now += random.nextLong(100_000_000L); // 5,000 events over about four minutes
            correlator.onStart(id, EventKind.RTT4, id % 3 == 0 ? HubVariant.SKU2 : HubVariant.SKU1, now);
            correlator.onEnd(id, now + 1_000_000L + random.nextLong(3_000_000_000L), id % 10 != 0);
        }
        now += Duration.ofMinutes(5).toNanos();
        correlator.expire(now);
        List<IntervalCell> ready = new ArrayList<>();
        table.collectFinal(now, ready);
        IntervalReportBatch batch = new BatchBuilder(measures).build(ready, table, now);
        Map<String, IntervalCell> cells = new HashMap<>();
        for (IntervalCell cell : ready) {
            cells.put(cell.variant() + "@" + cell.intervalStartEpochMillis(), cell);
        }

        Path file = dir.resolve("agent.hlog");
        IntervalLog log = new IntervalLog(file, T0 / 1_000_000L);
        Map<String, Long> expected = new HashMap<>();
        for (IntervalReport report : batch.getIntervalsList()) {
            log.append(cells.get(report.getScope() + "@" + report.getIntervalStartEpochMillis()), report);
            if (!report.getHistogram().isEmpty()) {
                expected.merge(report.getScope() + "@" + report.getIntervalStartEpochMillis(),
                        report.getWithinTrt() + report.getFailed(), Long::sum);
            }
        }
        assertFalse(expected.isEmpty());
        log.flush(); // what the agent does after each batch: the lines are in the file from here on

        Map<String, Long> read = new HashMap<>();
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            Histogram histogram;
            while ((histogram = (Histogram) reader.nextIntervalHistogram()) != null) {
                String tag = histogram.getTag();
                assertEquals("CSPN/PM4.3", tag.substring(0, tag.indexOf(':')));
                read.merge(tag.substring(tag.indexOf(':') + 1) + "@" + histogram.getStartTimeStamp(),
                        histogram.getTotalCount(), Long::sum);
            }
            assertNull(reader.nextIntervalHistogram());
        }
        assertEquals(expected, read);
        log.close();
    }
}
