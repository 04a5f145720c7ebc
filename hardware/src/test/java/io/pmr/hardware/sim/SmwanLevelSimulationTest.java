package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.model.SmwanLevelRule;
import io.pmr.model.UkCalendar;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rig's daily SMWAN connectivity checks follow pmr's rule (one check per hub per UK day at 12:00 UK, the clock
 * change day included; installs and hub-level exclusions at the rule's edges) and its truth of the level equals a
 * recount of what the ports delivered.
 */
class SmwanLevelSimulationTest {
    private static final YearMonth OCTOBER = YearMonth.of(2020, 10); // 25 October lasts 25 hours
    private static final int DEVICE_HUBS = 400;

    @Test
    void checksFollowTheRuleAndTheTruthEqualsARecountOfTheDeliveredChecks() {
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(9, 20, OCTOBER, RigScenario.defaultTrts())
                .withWholeSimulation(DEVICE_HUBS));
        long trt = rig.scenario().trtNanos(EventKind.SMWAN_CONNECTIVITY_CHECK);
        UkCalendar.Months months = UkCalendar.months(OCTOBER.minusMonths(1), OCTOBER.plusMonths(5));
        Map<String, long[]> recount = new TreeMap<>(); // measure@period -> connected, in scope, excluded
        Map<String, Set<Long>> excepted = new HashMap<>();
        Map<Long, Map<LocalDate, Boolean>> checksByHub = new HashMap<>(); // hub -> day -> excluded
        for (Region region : Region.values()) {
            Map<Long, long[]> open = new HashMap<>(); // message id -> device, group, start
            rig.port(region).attach(new HanListener() {
                @Override
                public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                }

                @Override
                public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId,
                                          long groupId, long startEpochNanos) {
                    if (!kind.smwanLevel()) {
                        return;
                    }
                    long startMillis = startEpochNanos / 1_000_000L;
                    LocalDate day = SmwanLevelRule.dayOf(startMillis);
                    assertEquals(SmwanLevelRule.checkEpochMillis(day) * 1_000_000L, startEpochNanos, "at 12:00 UK");
                    Boolean before = checksByHub.computeIfAbsent(deviceId, d -> new HashMap<>()).put(day, groupId != 0);
                    assertEquals(null, before, "one check per hub per UK day: " + deviceId + " " + day);
                    open.put(messageId, new long[] {deviceId, groupId, startEpochNanos});
                    String key = kind.measureId(region) + "@" + months.periodOf(startEpochNanos);
                    long[] counts = recount.computeIfAbsent(key, k -> new long[3]);
                    if (groupId != 0) {
                        counts[2]++;
                    } else {
                        counts[1]++;
                        excepted.computeIfAbsent(key, k -> new HashSet<>()).add(deviceId); // until it answers
                    }
                }

                @Override
                public void onEnd(long messageId, long endEpochNanos, boolean success) {
                    long[] check = open.remove(messageId);
                    if (check == null || check[1] != 0) {
                        return;
                    }
                    String key = EventKind.SMWAN_CONNECTIVITY_CHECK.measureId(region) + "@" + months.periodOf(check[2]);
                    if (success && endEpochNanos - check[2] <= trt) {
                        recount.get(key)[0]++;
                        excepted.get(key).remove(check[0]); // connected this day; a failed day adds it back below
                    }
                }
            });
        }
        rig.advanceTo(rig.simulationEndEpochNanos());

        Map<String, long[]> truth = new TreeMap<>();
        for (YearMonth period = OCTOBER.minusMonths(1); !period.isAfter(OCTOBER.plusMonths(1)); period = period.plusMonths(1)) {
            for (LevelRow row : rig.groundTruth().smwanLevel(period)) {
                truth.put(row.measureId() + "@" + period,
                        new long[] {row.connectedHubDays(), row.hubDays(), row.excludedHubDays()});
            }
        }
        assertEquals(truth.keySet(), recount.keySet());
        truth.forEach((key, counts) -> assertEquals(java.util.List.of(counts[0], counts[1], counts[2]),
                java.util.List.of(recount.get(key)[0], recount.get(key)[1], recount.get(key)[2]), key));
        assertEquals(java.util.List.of("CSPC/PM1.3", "CSPN/PM1.4", "CSPS/PM1.3"), rig.groundTruth().smwanLevel(OCTOBER)
                .stream().map(LevelRow::measureId).toList());
        for (LevelRow row : rig.groundTruth().smwanLevel(OCTOBER)) {
            assertTrue(row.connectedHubDays() < row.hubDays() && row.excludedHubDays() > 0 && row.exceptedHubs() > 0,
                    "outages, exclusions and exceptions in every region: " + row);
        }

        // the edges, NORTH's edge hubs
        int first = SmwanLevelGenerator.HUB_BASE + SmwanLevelGenerator.levelHubs(DEVICE_HUBS);
        Map<LocalDate, Boolean> installedBeforeCheck = hub(checksByHub, first);
        Map<LocalDate, Boolean> installedAtCheck = hub(checksByHub, first + 1);
        Map<LocalDate, Boolean> excludedMidDay = hub(checksByHub, first + 2);
        Map<LocalDate, Boolean> excludedUntilMidnight = hub(checksByHub, first + 3);
        LocalDate day = OCTOBER.atDay(1);
        assertTrue(installedBeforeCheck.containsKey(day.plusDays(10)), "installed 1 ms before day 11's check");
        assertFalse(installedAtCheck.containsKey(day.plusDays(10)), "installed at day 11's check: not that day");
        assertTrue(installedAtCheck.containsKey(day.plusDays(11)));
        assertEquals(false, excludedMidDay.get(day.plusDays(3)));
        assertEquals(true, excludedMidDay.get(day.plusDays(4)), "excluded from 15:00, after the check");
        assertEquals(true, excludedMidDay.get(day.plusDays(5)));
        assertEquals(false, excludedMidDay.get(day.plusDays(6)));
        assertEquals(true, excludedUntilMidnight.get(day.plusDays(6)));
        assertEquals(false, excludedUntilMidnight.get(day.plusDays(7)), "the exclusion ends at the day's first instant");
        // the 25-hour day has its one check, at 12:00 GMT
        assertTrue(excludedMidDay.containsKey(LocalDate.of(2020, 10, 25)));
    }

    private static Map<LocalDate, Boolean> hub(Map<Long, Map<LocalDate, Boolean>> checks, int hub) {
        return checks.getOrDefault(RegionEvents.deviceId(Region.NORTH, hub), Map.of());
    }
}
