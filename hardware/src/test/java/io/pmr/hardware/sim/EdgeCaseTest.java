package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The month-edge starts and the TRT-edge latencies exist, and are attributed and judged right. */
class EdgeCaseTest {
    private static final YearMonth AUGUST = YearMonth.of(2020, 8);
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    private static final YearMonth OCTOBER = YearMonth.of(2020, 10);
    private static final long ONE_MS = 1_000_000L;

    private static SimulatedRig rig;
    private static Map<Region, RecountListener> recounts;

    @BeforeAll
    static void runTheDefaultMonth() {
        rig = SimulatedRig.create(RigScenario.of(99, 300, SEPTEMBER, RigScenario.defaultTrts()));
        recounts = RecountListener.runWholeRig(rig, new TreeMap<>());
    }

    private static long nanos(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
    }

    @Test
    void septemberTwentyTwentyIsBoundedInUkTime() {
        assertEquals(nanos("2020-08-31T23:00:00Z"), UkCalendar.periodStartEpochNanos(SEPTEMBER));
        assertEquals(nanos("2020-09-30T23:00:00Z"), UkCalendar.periodStartEpochNanos(OCTOBER));
        assertEquals(nanos("2020-08-30T23:00:00Z"), rig.simulationStartEpochNanos());
    }

    @Test
    void theRigAttributesMonthEdgesToTheRightPeriod() {
        UkCalendar.Months periods = UkCalendar.months(AUGUST, OCTOBER);
        Map<String, YearMonth> expected = Map.of(
                "2020-08-31T22:59:59.999Z", AUGUST,
                "2020-08-31T23:00:00Z", SEPTEMBER,
                "2020-08-31T23:30:00Z", SEPTEMBER,
                "2020-09-30T22:59:59.999Z", SEPTEMBER,
                "2020-09-30T23:00:00Z", OCTOBER,
                "2020-10-31T23:59:59.999999999Z", OCTOBER);
        expected.forEach((instant, period) -> {
            assertEquals(period, periods.periodOf(nanos(instant)), "rig, " + instant);
            assertEquals(period, RecountListener.periodOf(nanos(instant)), "recount, " + instant);
        });
        // October ends in GMT: midnight UTC
        assertEquals(nanos("2020-11-01T00:00:00Z"), UkCalendar.periodStartEpochNanos(YearMonth.of(2020, 11)));
    }

    @Test
    void everyRegionAndKindHasStartsAtEachMonthEdge() {
        String[] edges = {"2020-08-31T22:59:59.999Z", "2020-08-31T23:00:00Z", "2020-08-31T23:30:00Z",
                "2020-09-30T22:59:59.999Z", "2020-09-30T23:00:00Z"};
        for (Region region : Region.values()) {
            for (EventKind kind : EventKind.all()) {
                for (String edge : edges) {
                    assertTrue(!recounts.get(region).startsAt(nanos(edge), kind).isEmpty(), region + " " + kind + " at " + edge);
                }
            }
        }
        // the recount attributes them with a ZonedDateTime of its own, and equals the truth (see
        // IndependentRecountTest); here: each neighbour month has the edge events of every measure
        assertEquals(15, rig.groundTruth().rows(AUGUST).size());
        assertEquals(15, rig.groundTruth().rows(OCTOBER).size());
    }

    @Test
    void everyRegionAndKindHasSeveralLatenciesOfExactlyTrtMinusOneMsTrtAndTrtPlusOneMs() {
        for (Region region : Region.values()) {
            Map<EventKind, long[]> found = new EnumMap<>(EventKind.class);
            for (RecountListener.Ended ended : recounts.get(region).ended) {
                long trtNanos = rig.scenario().trtNanos(ended.kind());
                long[] counts = found.computeIfAbsent(ended.kind(), k -> new long[3]);
                if (ended.success() && RecountListener.periodOf(ended.startEpochNanos()).equals(SEPTEMBER)) {
                    long offset = ended.latencyNanos() - trtNanos;
                    if (offset >= -ONE_MS && offset <= ONE_MS && offset % ONE_MS == 0) {
                        counts[(int) (offset / ONE_MS) + 1]++;
                    }
                }
            }
            for (EventKind kind : EventKind.all()) {
                long[] counts = found.get(kind);
                for (int i = 0; i < 3; i++) {
                    assertTrue(counts[i] >= 3, region + " " + kind + " latency TRT" + (i - 1) + "ms seen " + counts[i] + " times");
                }
            }
        }
    }

    @Test
    void theTruthCountsTrtMinusOneMsAndTrtWithinAndTrtPlusOneMsOutside() {
        long trtNanos = 25_000_000_000L;
        long start = nanos("2020-09-15T12:00:00Z");
        RegionEvents.Builder builder = new RegionEvents.Builder(Region.NORTH);
        builder.addEnded(EventKind.RTT4, HubVariant.SKU1, start, start + trtNanos - ONE_MS, true);
        builder.addEnded(EventKind.RTT4, HubVariant.SKU2, start + 1, start + 1 + trtNanos, true);
        builder.addEnded(EventKind.RTT4, HubVariant.SKU1, start + 2, start + 2 + trtNanos + ONE_MS, true);
        builder.addEnded(EventKind.RTT4, HubVariant.SKU1, start + 3, start + 3 + trtNanos + 1, true);
        builder.addEnded(EventKind.RTT4, HubVariant.SKU1, start + 4, start + 4 + ONE_MS, false);
        builder.addEnded(EventKind.RTT4, HubVariant.SKU1, start + 5, start + 5 + trtNanos + ONE_MS, false);
        builder.addLost(EventKind.RTT4, HubVariant.SKU1, start + 6);
        Map<EventKind, Long> trts = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.all()) {
            trts.put(kind, trtNanos);
        }

        GroundTruth truth = GroundTruth.compute(List.of(builder.build()), trts, UkCalendar.months(AUGUST, OCTOBER));

        assertEquals(List.of(new TruthRow("CSPN/PM4.3", SEPTEMBER, 7, 2, 1, 1, 3)), truth.rows(SEPTEMBER));
        assertEquals(List.of(), truth.rows(AUGUST));
        assertTrue(truth.row("CSPN/PM4.3", OCTOBER).isEmpty());
    }
}
