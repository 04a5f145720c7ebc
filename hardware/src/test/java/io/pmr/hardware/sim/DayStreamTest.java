package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rig streams a UK day at a time, yet makes exactly the events, message ids, delivery order and truth of
 * generating the whole month at once (the reference: {@link EventGenerator#generate}, sorted, and every
 * observation of every region merged by time, region, id, start before end).
 */
class DayStreamTest {
    private static final YearMonth OCTOBER_2020 = YearMonth.of(2020, 10); // a month with a clock change (25 Oct)

    private static RigScenario classic() {
        return RigScenario.of(20201001L, 90, OCTOBER_2020, RigScenario.defaultTrts());
    }

    private static RigScenario whole() {
        return RigScenario.of(20201002L, 30, OCTOBER_2020, RigScenario.defaultTrts()).withWholeSimulation(40);
    }

    @Test
    void daysConcatenatedAreTheWholeMonthEventForEvent() {
        for (RigScenario scenario : List.of(classic(), whole())) {
            int dayCount = assertDaysAreTheWholeMonth(scenario, DayStream.WHOLE_DAYS);
            assertTrue(dayCount >= 32, "one day before the month, its 31 days, the hour after: " + dayCount);
        }
    }

    /**
     * The rig cuts its days into slices (3 hours: {@link SimulatedRig#SLICE_NANOS}) to prepare one while another is
     * delivered: however they are cut (an hour, 3 hours, 7 hours, which does not divide a day, 23 hours, 1 ns more
     * than a day), the slices hold exactly the month's events, ids and order, and never cross a London midnight.
     */
    @Test
    void daysCutIntoSlicesAreStillTheWholeMonthEventForEvent() {
        long hour = 3_600_000_000_000L;
        for (RigScenario scenario : List.of(classic(), whole())) {
            int wholeDays = assertDaysAreTheWholeMonth(scenario, DayStream.WHOLE_DAYS);
            for (long slice : new long[] {hour, 3 * hour, 7 * hour, 23 * hour, 24 * hour + 1}) {
                int slices = assertDaysAreTheWholeMonth(scenario, slice);
                RigWindow window = RigWindow.of(scenario.period());
                DayStream days = new DayStream(scenario, RigProfile.defaults(), window, true, 2, slice);
                DayStream whole = new DayStream(scenario, RigProfile.defaults(), window, true, false);
                long longestDay = 25 * hour; // 25 October 2020 (the clock goes back)
                long atMost = (longestDay + slice - 1) / slice;
                assertTrue(slices > wholeDays || slice > 23 * hour, "cut every " + slice + " ns: " + slices + " slices");
                assertTrue(slices <= wholeDays * atMost, slices + " slices of " + wholeDays + " days");
                int d = 0;
                for (int s = 1; s < days.days(); s++) {
                    long start = days.dayStartEpochNanos(s);
                    assertTrue(start > days.dayStartEpochNanos(s - 1), "slices in order");
                    while (whole.dayStartEpochNanos(d + 1) <= start) {
                        d++;
                    }
                    // The slice starts in day d: at its midnight, or a whole number of slices after the day's start
                    // (the simulation's start for the first day), at most a slice before the next midnight.
                    long dayStart = d == 0 ? window.simulationStartEpochNanos() : whole.dayStartEpochNanos(d);
                    assertEquals(0, (start - dayStart) % slice, "slice " + s + " starts on the day's grid");
                    if (start != dayStart) {
                        assertTrue(d < whole.days() - 1, "the last day (the hour after the month) is not cut");
                        assertTrue(whole.dayStartEpochNanos(d + 1) - start > 0, "inside the day");
                    }
                }
                assertEquals(whole.lastDayStartEpochNanos(), days.lastDayStartEpochNanos(), "the last day as it was");
            }
        }
    }

    /** The stream's days, built in two sets of kept arrays, concatenated equal the month; returns how many days. */
    private static int assertDaysAreTheWholeMonth(RigScenario scenario, long sliceNanos) {
        RigWindow window = RigWindow.of(scenario.period());
        EventGenerator generator = new EventGenerator(scenario, RigProfile.defaults(), window);
        // Fresh arrays for whole days (the reference stream), two kept sets (the rig's) when cut: each day is held
        // until the next but one is built, so compare a day once the one after it is built too.
        DayStream days = new DayStream(scenario, RigProfile.defaults(), window, true,
                sliceNanos == DayStream.WHOLE_DAYS ? 0 : 2, sliceNanos);
        RegionEvents[] month = new RegionEvents[Region.values().length];
        for (Region region : Region.values()) {
            month[region.ordinal()] = generator.generate(region);
        }
        int[] index = new int[month.length];
        int dayCount = 0;
        RegionEvents[] previous = null;
        while (days.hasNext()) {
            RegionEvents[] day = days.next();
            if (previous != null) {
                compare(month, previous, index, scenario, sliceNanos);
            }
            previous = day;
            dayCount++;
        }
        compare(month, previous, index, scenario, sliceNanos);
        for (Region region : Region.values()) {
            assertEquals(month[region.ordinal()].size(), index[region.ordinal()], region + ": every event once");
        }
        return dayCount;
    }

    private static void compare(RegionEvents[] month, RegionEvents[] day, int[] index, RigScenario scenario,
                                long sliceNanos) {
        for (RegionEvents regionDay : day) {
            int r = regionDay.region().ordinal();
            assertEquals(month[r].messageId(index[r]), regionDay.firstMessageId());
            for (int i = 0; i < regionDay.size(); i++, index[r]++) {
                String where = regionDay.region() + " event " + index[r] + " (wholeSimulation "
                        + scenario.wholeSimulation() + ", slices of " + sliceNanos + " ns)";
                SameEvents.assertSameEvent(month[r], index[r], regionDay, i, where);
            }
        }
    }

    @Test
    void deliveryIsTheWholeMonthsOrderWhateverTheSteps() {
        for (RigScenario scenario : List.of(classic(), whole())) {
            long[] expected = referenceStream(scenario);
            SimulatedRig oneGo = SimulatedRig.create(scenario);
            long[] delivered = record(oneGo, oneGo.simulationEndEpochNanos(), oneGo.simulationEndEpochNanos());
            assertArrayEquals(expected, delivered, "advanced to the end at once");
            SimulatedRig byMinutes = SimulatedRig.create(scenario);
            // Steps of 7 minutes and a bit: day boundaries fall inside steps, and some steps end on observations.
            assertArrayEquals(expected, record(byMinutes, 7 * 60_000_000_000L + 13, byMinutes.simulationEndEpochNanos()),
                    "advanced a few minutes at a time");
            assertEquals(expected.length / 4, oneGo.observationCount());
        }
    }

    @Test
    void truthIsTheTruthOfTheWholeMonth() {
        for (RigScenario scenario : List.of(classic(), whole())) {
            SimulatedRig rig = SimulatedRig.create(scenario);
            List<RegionEvents> month = new ArrayList<>();
            for (Region region : Region.values()) {
                month.add(rig.events(region));
            }
            GroundTruth.Counter counter = new GroundTruth.Counter(trts(scenario),
                    io.pmr.model.UkCalendar.months(scenario.period().minusMonths(1),
                            scenario.period().plusMonths(scenario.wholeSimulation() ? 5 : 1)));
            month.forEach(counter::add);
            GroundTruth reference = counter.truth(month, java.util.Map.of());
            GroundTruth streamed = rig.groundTruth();
            assertEquals(reference.periods(), streamed.periods());
            for (YearMonth period : reference.periods()) {
                assertEquals(reference.rows(period), streamed.rows(period), period.toString());
                assertEquals(reference.attemptRows(period), streamed.attemptRows(period), period.toString());
                assertEquals(reference.devices().firmwareRows(period), streamed.devices().firmwareRows(period));
            }
            assertEquals(reference.devices().outages(), streamed.devices().outages());
            for (Region region : Region.values()) {
                assertEquals(reference.availability().downWindows(region), streamed.availability().downWindows(region));
            }
        }
    }

    private static java.util.Map<EventKind, Long> trts(RigScenario scenario) {
        java.util.Map<EventKind, Long> trts = new java.util.EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.every()) {
            if (scenario.generates(kind)) {
                trts.put(kind, scenario.trtNanos(kind));
            }
        }
        return trts;
    }

    /** (time, region, message id, 0 start / 1 end, payload) per observation, the whole month merged and sorted. */
    private static long[] referenceStream(RigScenario scenario) {
        EventGenerator generator = new EventGenerator(scenario, RigProfile.defaults(), RigWindow.of(scenario.period()));
        List<long[]> rows = new ArrayList<>();
        for (Region region : Region.values()) {
            RegionEvents events = generator.generate(region);
            for (int i = 0; i < events.size(); i++) {
                rows.add(new long[] {events.startEpochNanos(i), region.ordinal(), events.messageId(i), 0,
                        startCode(events.kind(i), events.variant(i), events.deviceId(i), events.groupId(i))});
                if (!events.lost(i)) {
                    rows.add(new long[] {events.endEpochNanos(i), region.ordinal(), events.messageId(i), 1,
                            events.success(i) ? 1 : 0});
                }
            }
        }
        rows.sort((a, b) -> Arrays.compare(a, 0, 4, b, 0, 4));
        long[] out = new long[rows.size() * 4];
        for (int i = 0; i < rows.size(); i++) {
            long[] row = rows.get(i);
            out[4 * i] = row[0];
            out[4 * i + 1] = row[1] * 10_000_000_000L + row[2];
            out[4 * i + 2] = row[3];
            out[4 * i + 3] = row[4];
        }
        return out;
    }

    private static long startCode(EventKind kind, HubVariant variant, long deviceId, long groupId) {
        return ((kind.ordinal() * 2L + variant.ordinal()) * 1_000_003L + deviceId) * 1_000_033L + groupId;
    }

    /** Everything the rig delivers, advancing {@code step} nanoseconds at a time up to {@code end}. */
    private static long[] record(SimulatedRig rig, long step, long end) {
        long[][] out = {new long[1 << 12]};
        int[] size = {0};
        for (Region region : Region.values()) {
            rig.port(region).attach(new HanListener() {
                private void add(long a, long b, long c, long d) {
                    if (size[0] + 4 > out[0].length) {
                        out[0] = Arrays.copyOf(out[0], out[0].length * 2);
                    }
                    out[0][size[0]++] = a;
                    out[0][size[0]++] = b;
                    out[0][size[0]++] = c;
                    out[0][size[0]++] = d;
                }

                @Override
                public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                    add(startEpochNanos, region.ordinal() * 10_000_000_000L + messageId, 0, startCode(kind, variant, 0, 0));
                }

                @Override
                public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                                          long startEpochNanos) {
                    add(startEpochNanos, region.ordinal() * 10_000_000_000L + messageId, 0,
                            startCode(kind, variant, deviceId, groupId));
                }

                @Override
                public void onEnd(long messageId, long endEpochNanos, boolean success) {
                    add(endEpochNanos, region.ordinal() * 10_000_000_000L + messageId, 1, success ? 1 : 0);
                }
            });
        }
        long total = 0;
        for (long t = rig.simulationStartEpochNanos(); ; t = Math.min(end, t + step)) {
            total += rig.advanceTo(t);
            if (t == end) {
                break;
            }
        }
        assertEquals(size[0] / 4, total, "advanceTo counts what it delivers");
        return Arrays.copyOf(out[0], size[0]);
    }
}
