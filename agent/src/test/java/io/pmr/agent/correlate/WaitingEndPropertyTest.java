package io.pmr.agent.correlate;

import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.LatencyHistogramEncoder;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end {@link Correlator#onEnd} keeps waiting changes nothing: two correlators take the same seeded stream (ids
 * from a counter with gaps, ids below it and used again, ends of pending, timed-out and unknown ids, per-device starts
 * and probes, a ring of 64 positions with hundreds pending so that events move to the overflow), one of them told to
 * record every end at once ({@link Correlator#recordWaitingEnd} after each); after every tick both hold the same
 * counters, final cells (counts and encoded histograms), per-device records and down windows.
 */
class WaitingEndPropertyTest {
    private static final long T0 = 1_598_961_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final EventKind[] KINDS = {EventKind.RTT4, EventKind.CAT2_HAN_COMMAND, EventKind.POWER_LOSS_ALERT,
            EventKind.AVAILABILITY_PROBE};

    /** One correlator with the table, records and windows it writes. */
    private static final class Side {
        final IntervalTable table;
        final DeviceRecords records = new DeviceRecords(4);
        final DownWindows windows = new DownWindows();
        final Correlator correlator;

        Side(Measures measures) {
            table = new IntervalTable(measures);
            correlator = new Correlator(table, 64, records, windows);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void recordingEachEndAtOnceOrAtTheNextCallGivesTheSameEverything(long seed) {
        Random random = new Random(seed);
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(EventKind.RTT4, Duration.ofSeconds(25));
        trts.put(EventKind.CAT2_HAN_COMMAND, Duration.ofSeconds(10));
        trts.put(EventKind.POWER_LOSS_ALERT, Duration.ofSeconds(60));
        trts.put(EventKind.AVAILABILITY_PROBE, EventKind.AVAILABILITY_PROBE.defaultTrt());
        Measures measures = new Measures(Region.NORTH, trts);
        Side waiting = new Side(measures);
        Side atOnce = new Side(measures);
        List<Long> started = new ArrayList<>();
        long counter = 0;
        long now = T0;
        for (int step = 0; step < 30_000; step++) {
            int what = random.nextInt(100);
            if (what < 45) {
                int shape = random.nextInt(100);
                long id = shape < 85 ? ++counter : shape < 92 ? (counter += 2 + random.nextInt(200))
                        : shape < 96 || started.isEmpty() ? counter - random.nextInt(300)
                        : started.get(random.nextInt(started.size()));
                EventKind kind = KINDS[random.nextInt(KINDS.length)];
                HubVariant variant = random.nextBoolean() ? HubVariant.SKU1 : HubVariant.SKU2;
                long start = random.nextInt(20) == 0 ? now - random.nextInt(5_000) * 1_000_000L : now;
                for (Side side : new Side[] {waiting, atOnce}) {
                    if (kind.perDevice()) {
                        side.correlator.onDeviceStart(id, kind, variant, 1_000 + id, 7, start);
                    } else {
                        side.correlator.onStart(id, kind, variant, start);
                    }
                }
                started.add(id);
            } else if (what < 90 && !started.isEmpty()) {
                long id = random.nextInt(30) == 0 ? counter + 1 + random.nextInt(50)
                        : started.get(started.size() - 1 - random.nextInt(Math.min(started.size(), 400)));
                boolean success = random.nextInt(8) != 0;
                waiting.correlator.onEnd(id, now, success);
                atOnce.correlator.onEnd(id, now, success);
                atOnce.correlator.recordWaitingEnd();
            } else if (what < 98) {
                now += random.nextInt(3) == 0 ? random.nextInt(90) * SECOND : random.nextInt(2_000) * 1_000_000L;
                assertEquals(atOnce.correlator.expire(now), waiting.correlator.expire(now), "timed out, step " + step);
                assertSame(atOnce, waiting, now, seed, step);
            } else {
                now += random.nextInt(1_000) * 1_000_000L;
            }
        }
        waiting.correlator.expire(Long.MAX_VALUE - 1);
        atOnce.correlator.expire(Long.MAX_VALUE - 1);
        assertSame(atOnce, waiting, Long.MAX_VALUE - 1, seed, -1);
        assertTrue(seen[0] > 100 && seen[1] > 10 && seen[2] > 100, "records, windows, cells compared: "
                + Arrays.toString(seen));
    }

    /** What the comparisons saw, so that a stream that never reaches a record, window or cell does not pass empty. */
    private final long[] seen = new long[3];

    private void assertSame(Side expected, Side actual, long now, long seed, int step) {
        String where = "seed " + seed + ", step " + step;
        seen[0] += expected.records.size();
        seen[1] += expected.windows.closedCount();
        assertEquals(expected.correlator.publishedCounts(), actual.correlator.publishedCounts(), where + ": counters");
        assertEquals(expected.correlator.pendingEvents(), actual.correlator.pendingEvents(), where + ": pending");
        assertEquals(describe(expected.records), describe(actual.records), where + ": per-device records");
        expected.records.clear();
        actual.records.clear();
        assertEquals(describe(expected.windows), describe(actual.windows), where + ": down windows");
        expected.windows.clearClosed();
        actual.windows.clearClosed();
        List<IntervalCell> expectedCells = new ArrayList<>();
        List<IntervalCell> actualCells = new ArrayList<>();
        expected.table.collectFinal(now, expectedCells);
        actual.table.collectFinal(now, actualCells);
        assertEquals(expectedCells.size(), actualCells.size(), where + ": final cells");
        seen[2] += expectedCells.size();
        LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();
        for (int i = 0; i < expectedCells.size(); i++) {
            IntervalCell e = expectedCells.get(i);
            IntervalCell a = actualCells.get(i);
            assertEquals(e.toString(), a.toString(), where + ": cell " + i);
            assertArrayEquals(e.encodeLatencies(encoder), a.encodeLatencies(encoder), where + ": latencies of " + e);
            expected.table.recycle(e);
            actual.table.recycle(a);
        }
    }

    private static String describe(DeviceRecords records) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            text.append(Arrays.toString(new long[] {records.kind(i).ordinal(), records.outcome(i), records.deviceId(i),
                    records.groupId(i), records.messageId(i), records.startEpochNanos(i), records.endEpochNanos(i)}));
        }
        return text.toString();
    }

    private static String describe(DownWindows windows) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < windows.closedCount(); i++) {
            text.append(windows.closedKind(i)).append(' ').append(windows.closedStartEpochNanos(i)).append('-')
                    .append(windows.closedEndEpochNanos(i)).append(';');
        }
        for (EventKind kind : KINDS) {
            text.append(kind).append(" open since ").append(windows.openSinceEpochNanos(kind)).append(';');
        }
        return text.toString();
    }
}
