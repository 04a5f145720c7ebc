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
import io.pmr.proto.v1.MeasureWatermark;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For random seeded event streams (lost responses, error responses, late ends, duplicate starts, unknown
 * ends), the reports sent add up exactly: every start is in exactly one report, each report's events are
 * within + timed out + failed, and its histogram holds exactly its completed events. Watermarks are true.
 */
class RecordPathPropertyTest {
    private static final long T0 = 1_598_961_600_000_000_000L; // 2020-09-01T12:00:00Z
    private static final EventKind[] KINDS = {EventKind.RTT4, EventKind.CAT2_HAN_COMMAND, EventKind.CAT3_ALERT};

    private record End(long atNanos, long messageId, boolean success) {
    }

    @Property(tries = 60, seed = "20200901")
    void reportsAddUpExactly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3_000) int events) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(EventKind.RTT4, Duration.ofSeconds(25));
        trts.put(EventKind.CAT2_HAN_COMMAND, Duration.ofSeconds(30));
        trts.put(EventKind.CAT3_ALERT, Duration.ofSeconds(60));
        Measures measures = new Measures(Region.SOUTH, trts);
        IntervalTable table = new IntervalTable(measures);
        Correlator correlator = new Correlator(table, 8);
        BatchBuilder builder = new BatchBuilder(measures);
        PriorityQueue<End> ends = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        List<IntervalReportBatch> batches = new ArrayList<>();
        List<IntervalCell> ready = new ArrayList<>();

        long now = T0 + random.nextLong(60_000_000_000L);
        long nextBatch = now + 60_000_000_000L;
        long lastStartedId = -1;
        for (int i = 0; i < events; i++) {
            now += random.nextLong(3_000_000_000L);
            while (!ends.isEmpty() && ends.peek().atNanos() <= now) {
                End end = ends.poll();
                correlator.onEnd(end.messageId(), end.atNanos(), end.success());
            }
            correlator.expire(now);
            if (now >= nextBatch) {
                batches.add(batch(table, builder, ready, now));
                nextBatch = now + 60_000_000_000L;
            }
            long id = random.nextInt(100) < 2 && lastStartedId >= 0 ? lastStartedId : i; // some duplicate starts
            EventKind kind = KINDS[random.nextInt(KINDS.length)];
            correlator.onStart(id, kind, random.nextBoolean() ? HubVariant.SKU1 : HubVariant.SKU2, now);
            lastStartedId = id;
            int fate = random.nextInt(100);
            long trtNanos = trts.get(kind).toNanos();
            if (fate < 80) { // answered, sometimes late, sometimes with an error
                ends.add(new End(now + random.nextLong(trtNanos * 3 / 2 + 1), id, fate < 72));
            }
            if (random.nextInt(100) < 3) { // an end nobody started
                ends.add(new End(now + 1, -1 - i, true));
            }
        }
        now += Duration.ofMinutes(3).toNanos();
        while (!ends.isEmpty()) {
            End end = ends.poll();
            correlator.onEnd(end.messageId(), end.atNanos(), end.success());
        }
        correlator.expire(now);
        batches.add(batch(table, builder, ready, now));

        long sumEvents = 0;
        long sumWithin = 0;
        long sumTimedOut = 0;
        long sumFailed = 0;
        Map<String, Long> watermarkSoFar = new HashMap<>();
        for (IntervalReportBatch batch : batches) {
            for (IntervalReport report : batch.getIntervalsList()) {
                assertEquals(report.getEvents(), report.getWithinTrt() + report.getTimedOut() + report.getFailed(),
                        "events == within + timedOut + failed in " + report);
                long histogramCount = report.getHistogram().isEmpty() ? 0 : Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(report.getHistogram().toByteArray()), 0).getTotalCount();
                assertEquals(report.getWithinTrt() + report.getFailed(), histogramCount, "histogram == completed");
                long claimed = watermarkSoFar.getOrDefault(report.getMeasureId(), Long.MIN_VALUE);
                assertTrue(report.getIntervalStartEpochMillis() >= claimed,
                        "an interval before an earlier watermark was sent late: " + report);
                sumEvents += report.getEvents();
                sumWithin += report.getWithinTrt();
                sumTimedOut += report.getTimedOut();
                sumFailed += report.getFailed();
            }
            for (MeasureWatermark watermark : batch.getWatermarksList()) {
                long previous = watermarkSoFar.getOrDefault(watermark.getMeasureId(), Long.MIN_VALUE);
                assertTrue(watermark.getFinalThroughEpochMillis() >= previous, "watermarks never go back");
                watermarkSoFar.put(watermark.getMeasureId(), watermark.getFinalThroughEpochMillis());
            }
        }
        assertEquals(correlator.starts(), sumEvents, "every start in exactly one report");
        assertEquals(events - correlator.duplicateStarts(), correlator.starts());
        assertEquals(correlator.withinTrt(), sumWithin);
        assertEquals(correlator.timedOut(), sumTimedOut);
        assertEquals(correlator.failed(), sumFailed);
        assertEquals(0, correlator.pendingEvents());
    }

    private static IntervalReportBatch batch(IntervalTable table, BatchBuilder builder, List<IntervalCell> ready, long now) {
        table.collectFinal(now, ready);
        IntervalReportBatch batch = builder.build(ready, table, now);
        ready.forEach(table::recycle);
        ready.clear();
        return batch;
    }
}
