package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The correlator against a plain model (a map of pending events, every one of them looked at on every tick), over
 * seeded random streams that mix what ports give (ids from a counter, starts in time order) with what they may
 * (gaps in the ids of every size, ids below earlier ones, ids used again, starts older than the one before, a TRT
 * shortened and lengthened mid-stream, ticks at any interval): every counter equal after every tick. Covers the
 * start-order scan ({@link StartOrderScan}) and the deadline entries together, and the ring's evictions (a ring of 64
 * positions with hundreds of events pending).
 */
class CorrelatorModelTest {
    private static final long T0 = 1_598_961_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final EventKind[] KINDS = {EventKind.RTT4, EventKind.RTT3, EventKind.CAT2_HAN_COMMAND};

    private record Pending(long startEpochNanos, long deadlineEpochNanos) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyCounterEqualsTheModelAfterEveryTick(long seed) {
        Random random = new Random(seed);
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(EventKind.RTT4, Duration.ofSeconds(25));
        trts.put(EventKind.RTT3, Duration.ofSeconds(90));
        trts.put(EventKind.CAT2_HAN_COMMAND, Duration.ofSeconds(10));
        Measures measures = new Measures(Region.NORTH, trts);
        Correlator correlator = new Correlator(new IntervalTable(measures), 64);

        Map<Long, Pending> pending = new HashMap<>();
        Set<Long> timedOutIds = new HashSet<>();
        List<Long> endedIds = new ArrayList<>();
        long[] expected = new long[8]; // starts, ends, within, timed out, failed, late, unknown, duplicate
        long counter = random.nextInt(1_000) - 500L;
        long now = T0;
        long lastStart = T0;
        for (int step = 0; step < 40_000; step++) {
            int what = random.nextInt(100);
            if (what < 45) {
                long id = nextId(random, counter, endedIds);
                counter = Math.max(counter, id);
                EventKind kind = KINDS[random.nextInt(KINDS.length)];
                long start = random.nextInt(10) == 0 ? lastStart - random.nextInt(20_000) * 1_000_000L : now;
                lastStart = Math.max(lastStart, start);
                correlator.onStart(id, kind, HubVariant.SKU1, start);
                expected[0]++;
                if (pending.containsKey(id)) {
                    expected[0]--;
                    expected[7]++;
                } else {
                    long trtNanos = measures.plainTrtNanos(kind, start);
                    pending.put(id, new Pending(start, start + trtNanos));
                }
            } else if (what < 88 && !pending.isEmpty()) {
                long id = anyPendingOrOther(random, pending, timedOutIds);
                boolean success = random.nextInt(10) != 0;
                Pending event = pending.get(id);
                long end = event == null ? now : Math.max(now, event.startEpochNanos());
                correlator.onEnd(id, end, success);
                if (event != null) {
                    pending.remove(id);
                    endedIds.add(id);
                    expected[1]++;
                    expected[success && end <= event.deadlineEpochNanos() ? 2 : 4]++;
                } else {
                    expected[timedOutIds.contains(id) ? 5 : 6]++;
                }
            } else if (what < 97) {
                now += random.nextInt(3) == 0 ? random.nextInt(120) * SECOND : random.nextInt(2_000) * 1_000_000L;
                correlator.expire(now);
                long tickNow = now;
                pending.entrySet().removeIf(e -> {
                    if (tickNow > e.getValue().deadlineEpochNanos()) {
                        timedOutIds.add(e.getKey());
                        expected[3]++;
                        return true;
                    }
                    return false;
                });
                assertCounts(expected, correlator, seed, step);
                assertEquals(pending.size(), correlator.pendingEvents(), "seed " + seed + ", step " + step);
            } else if (what < 98) {
                // A TRT changes from now on: shorter or longer than the shortest the scan was made with.
                EventKind kind = KINDS[random.nextInt(KINDS.length)];
                measures.scheduleFixed(Map.of(measures.measureId(kind), Duration.ofSeconds(1 + random.nextInt(60))), now);
            } else {
                now += random.nextInt(1_000) * 1_000_000L;
            }
        }
        correlator.expire(Long.MAX_VALUE);
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            expected[3]++;
            timedOutIds.add(e.getKey());
        }
        assertCounts(expected, correlator, seed, -1);
        assertEquals(0, correlator.pendingEvents());
    }

    /** Mostly the next id; sometimes a gap (small or large), an id below the counter, or an id used before. */
    private static long nextId(Random random, long counter, List<Long> endedIds) {
        int shape = random.nextInt(200);
        if (shape < 170) {
            return counter + 1;
        }
        if (shape < 185) {
            return counter + 2 + random.nextInt(100);
        }
        if (shape < 190) {
            return counter + random.nextInt(1 << 20);
        }
        if (shape < 195 || endedIds.isEmpty()) {
            return counter - random.nextInt(300);
        }
        return endedIds.get(random.nextInt(endedIds.size()));
    }

    /** A pending id (chosen from the map's order, drawn at random), or now and then a timed-out or unknown id. */
    private static long anyPendingOrOther(Random random, Map<Long, Pending> pending, Set<Long> timedOutIds) {
        int shape = random.nextInt(40);
        if (shape == 0 && !timedOutIds.isEmpty()) {
            return timedOutIds.iterator().next();
        }
        if (shape == 1) {
            return Long.MIN_VALUE + random.nextInt(1_000);
        }
        int skip = random.nextInt(Math.min(pending.size(), 64));
        var ids = pending.keySet().iterator();
        for (int i = 0; i < skip; i++) {
            ids.next();
        }
        return ids.next();
    }

    private static void assertCounts(long[] expected, Correlator correlator, long seed, int step) {
        String where = "seed " + seed + ", step " + step;
        assertEquals(expected[0], correlator.starts(), where + ": starts");
        assertEquals(expected[1], correlator.ends(), where + ": ends");
        assertEquals(expected[2], correlator.withinTrt(), where + ": within TRT");
        assertEquals(expected[3], correlator.timedOut(), where + ": timed out");
        assertEquals(expected[4], correlator.failed(), where + ": failed");
        assertEquals(expected[5], correlator.lateEnds(), where + ": late ends");
        assertEquals(expected[6], correlator.unknownEnds(), where + ": unknown ends");
        assertEquals(expected[7], correlator.duplicateStarts(), where + ": duplicate starts");
    }
}
