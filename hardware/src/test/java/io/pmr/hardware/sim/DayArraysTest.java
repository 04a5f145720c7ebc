package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day built and scheduled in the arrays kept from the day before ({@link DayArrays}, {@link DaySchedule.Kept})
 * equals the same day built in fresh arrays: seeded days of
 * different sizes (growing, shrinking, growing again past what was kept), with and without per-device events.
 */
class DayArraysTest {
    private static final EventKind[] CLASSIC = Arrays.stream(EventKind.all()).filter(EventKind::classic)
            .toArray(EventKind[]::new);
    private static final EventKind PER_DEVICE = Arrays.stream(EventKind.every()).filter(EventKind::perDevice)
            .findFirst().orElseThrow();
    private static final long MIDNIGHT = 1_598_914_800_000_000_000L;

    @Test
    void aDayBuiltInKeptArraysEqualsTheSameDayBuiltFresh() {
        SplitMix64 random = new SplitMix64(20261205L);
        DayArrays kept = new DayArrays();
        long[] keptStartsAfterBigDay = null;
        int[] sizes = {5_000, 40_000, 1_000, 40_001, 70_000, 300, 0, 2};
        for (int day = 0; day < sizes.length; day++) {
            boolean devices = day % 2 == 1; // per-device events on every other day: their arrays come and go
            RegionEvents.Builder fresh = new RegionEvents.Builder(Region.CENTRAL, 16);
            RegionEvents.Builder reused = new RegionEvents.Builder(Region.CENTRAL, 16, kept); // grows within the day too
            for (int i = 0; i < sizes[day]; i++) {
                addRandom(random, devices, MIDNIGHT + day * 86_400_000_000_000L, fresh, reused);
            }
            String where = "day " + day + " of " + sizes[day] + " events";
            assertSameEvents(fresh.build(1_000L * day + 1), reused.build(1_000L * day + 1), where);
            if (sizes[day] == 40_000) {
                keptStartsAfterBigDay = kept.sortedStarts;
            }
            if (sizes[day] == 1_000) {
                assertSame(keptStartsAfterBigDay, kept.sortedStarts, "a smaller day is built in the arrays kept");
            }
        }
    }

    @Test
    void anUnsortedDayInKeptArraysEqualsTheFreshOne() {
        SplitMix64 random = new SplitMix64(7L);
        DayArrays kept = new DayArrays();
        for (int size : new int[] {3_000, 100, 9_000}) {
            RegionEvents.Builder fresh = new RegionEvents.Builder(Region.SOUTH, 16);
            RegionEvents.Builder reused = new RegionEvents.Builder(Region.SOUTH, 16, kept);
            for (int i = 0; i < size; i++) {
                addRandom(random, size == 100, MIDNIGHT, fresh, reused);
            }
            assertSameEvents(fresh.buildUnsorted(), reused.buildUnsorted(), "unsorted day of " + size);
        }
    }

    /** The rig's own days (October 2020: the 25-hour day, the partial last day) and schedules, kept against fresh. */
    @Test
    void theRigsDaysAndSchedulesInKeptArraysEqualFreshOnes() {
        RigScenario whole = RigScenario.of(20201002L, 30, YearMonth.of(2020, 10), RigScenario.defaultTrts())
                .withWholeSimulation(40);
        RigScenario classic = RigScenario.of(20201001L, 90, YearMonth.of(2020, 10), RigScenario.defaultTrts());
        for (RigScenario scenario : List.of(classic, whole)) {
            RigWindow window = RigWindow.of(scenario.period());
            DayStream fresh = new DayStream(scenario, RigProfile.defaults(), window, true, false);
            DayStream reused = new DayStream(scenario, RigProfile.defaults(), window, true, true);
            DaySchedule.Carry freshCarry = new DaySchedule.Carry();
            DaySchedule.Carry reusedCarry = new DaySchedule.Carry();
            DaySchedule.Kept scheduleArrays = new DaySchedule.Kept();
            List<long[]> referenceCarry = new ArrayList<>(); // (time, key) of ends falling on a later day
            List<Integer> sizes = new ArrayList<>();
            int day = 0;
            while (fresh.hasNext()) {
                RegionEvents[] expected = fresh.next();
                RegionEvents[] actual = reused.next();
                long dayEnd = fresh.hasNext() ? fresh.nextDayStartEpochNanos() : Long.MAX_VALUE;
                int events = 0;
                for (int r = 0; r < expected.length; r++) {
                    assertSameEvents(expected[r], actual[r], "day " + day + " " + expected[r].region());
                    events += expected[r].size();
                }
                sizes.add(events);
                DaySchedule expectedSchedule = DaySchedule.of(expected, freshCarry, dayEnd);
                DaySchedule actualSchedule = DaySchedule.of(actual, reusedCarry, dayEnd, scheduleArrays);
                assertEquals(expectedSchedule.size(), actualSchedule.size(), "day " + day + " observations");
                long[][] reference = sortedObservations(expected, referenceCarry, dayEnd);
                assertEquals(reference[0].length, expectedSchedule.size(), "day " + day + " observations, every one sorted");
                for (int i = 0; i < reference[0].length; i++) {
                    String where = "day " + day + " observation " + i + " against every observation sorted";
                    assertEquals(reference[0][i], expectedSchedule.timeEpochNanos(i), where);
                    assertEquals(reference[1][i], DaySchedule.key(expectedSchedule.regionOrdinal(i),
                            expectedSchedule.messageId(i), expectedSchedule.isEnd(i), expectedSchedule.success(i)), where);
                }
                for (int i = 0; i < expectedSchedule.size(); i++) {
                    String where = "day " + day + " observation " + i;
                    assertEquals(expectedSchedule.timeEpochNanos(i), actualSchedule.timeEpochNanos(i), where);
                    assertEquals(expectedSchedule.regionOrdinal(i), actualSchedule.regionOrdinal(i), where);
                    assertEquals(expectedSchedule.messageId(i), actualSchedule.messageId(i), where);
                    assertEquals(expectedSchedule.isEnd(i), actualSchedule.isEnd(i), where);
                    assertEquals(expectedSchedule.success(i), actualSchedule.success(i), where);
                }
                day++;
            }
            assertEquals(freshCarry.size(), reusedCarry.size(), "ends carried past the last day");
            assertTrue(sizes.stream().distinct().count() > 3, "days of different sizes: " + sizes);
        }
    }

    @Test
    void aTrimmedBuilderBuildsWhatItHeldAndGrowsAgain() {
        SplitMix64 random = new SplitMix64(11L);
        RegionEvents.Builder untouched = new RegionEvents.Builder(Region.NORTH, 16);
        RegionEvents.Builder trimmed = new RegionEvents.Builder(Region.NORTH, 16);
        for (int i = 0; i < 1_000; i++) { // 1,024 slots: trimming lets 24 go
            addRandom(random, i > 500, MIDNIGHT, untouched, trimmed);
        }
        trimmed.trim();
        assertSameEvents(untouched.build(), trimmed.build(), "trimmed");
        for (int i = 0; i < 3_000; i++) {
            addRandom(random, true, MIDNIGHT + 86_400_000_000_000L, untouched, trimmed);
        }
        assertSameEvents(untouched.build(), trimmed.build(), "grown again after trimming");
        RegionEvents.Builder empty = new RegionEvents.Builder(Region.SOUTH, 16);
        empty.trim();
        addRandom(random, true, MIDNIGHT, empty);
        addRandom(random, false, MIDNIGHT, empty);
        assertEquals(2, empty.build().size(), "an empty builder trimmed still grows");
    }

    /**
     * The reference schedule: every observation of the day (the carried ends due, the starts, the ends before the day's
     * end; later ends carried in {@code carry}) sorted together by (time, key), built here from the events alone.
     */
    private static long[][] sortedObservations(RegionEvents[] day, List<long[]> carry, long dayEnd) {
        List<long[]> all = new ArrayList<>();
        List<long[]> later = new ArrayList<>();
        for (long[] end : carry) {
            (end[0] < dayEnd ? all : later).add(end);
        }
        carry.clear();
        carry.addAll(later);
        for (RegionEvents events : day) {
            int region = events.region().ordinal();
            for (int i = 0; i < events.size(); i++) {
                all.add(new long[] {events.startEpochNanos(i), DaySchedule.key(region, events.messageId(i), false, false)});
                if (!events.lost(i)) {
                    long[] end = {events.endEpochNanos(i),
                            DaySchedule.key(region, events.messageId(i), true, events.success(i))};
                    (end[0] < dayEnd ? all : carry).add(end);
                }
            }
        }
        long[] times = new long[all.size()];
        long[] keys = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            times[i] = all.get(i)[0];
            keys[i] = all.get(i)[1];
        }
        PairSort.sort(times, keys, times.length);
        return new long[][] {times, keys};
    }

    private static void addRandom(SplitMix64 random, boolean devices, long dayStart, RegionEvents.Builder... builders) {
        // Starts in whole seconds over the day: many ties, which must keep insertion order in both.
        long start = dayStart + random.nextLong(86_400) * 1_000_000_000L;
        long end = start + 1 + random.nextLong(600_000_000_000L);
        HubVariant variant = random.nextLong(2) == 0 ? HubVariant.SKU1 : HubVariant.SKU2;
        long pick = random.nextLong(10);
        boolean success = random.nextLong(7) != 0;
        int hub = (int) random.nextLong(30_000);
        int group = (int) random.nextLong(4);
        EventKind kind = CLASSIC[(int) random.nextLong(CLASSIC.length)];
        for (RegionEvents.Builder builder : builders) {
            if (devices && pick < 3) {
                if (pick == 0) {
                    builder.addDeviceLost(PER_DEVICE, variant, hub, group, start);
                } else {
                    builder.addDeviceEnded(PER_DEVICE, variant, hub, group, start, end, success);
                }
            } else if (pick == 9) {
                builder.addLost(kind, variant, start);
            } else {
                builder.addEnded(kind, variant, start, end, success);
            }
        }
    }

    private static void assertSameEvents(RegionEvents expected, RegionEvents actual, String where) {
        assertEquals(expected.size(), actual.size(), where + ": size");
        assertEquals(expected.region(), actual.region(), where);
        for (int i = 0; i < expected.size(); i++) {
            SameEvents.assertSameEvent(expected, i, actual, i, where + ", event " + i);
        }
    }
}
