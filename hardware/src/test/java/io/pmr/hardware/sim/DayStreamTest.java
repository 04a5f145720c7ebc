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
            RigWindow window = RigWindow.of(scenario.period());
            EventGenerator generator = new EventGenerator(scenario, RigProfile.defaults(), window);
            DayStream days = new DayStream(scenario, RigProfile.defaults(), window, true, false);
            List<List<RegionEvents>> byRegion = new ArrayList<>();
            for (Region ignored : Region.values()) {
                byRegion.add(new ArrayList<>());
            }
            int dayCount = 0;
            while (days.hasNext()) {
                for (RegionEvents day : days.next()) {
                    byRegion.get(day.region().ordinal()).add(day);
                }
                dayCount++;
            }
            assertTrue(dayCount >= 32, "one day before the month, its 31 days, the hour after: " + dayCount);
            for (Region region : Region.values()) {
                RegionEvents month = generator.generate(region);
                int index = 0;
                for (RegionEvents day : byRegion.get(region.ordinal())) {
                    assertEquals(month.messageId(index), day.firstMessageId());
                    for (int i = 0; i < day.size(); i++, index++) {
                        String where = region + " event " + index + " (wholeSimulation " + scenario.wholeSimulation() + ")";
                        SameEvents.assertSameEvent(month, index, day, i, where);
                    }
                }
                assertEquals(month.size(), index, region + ": every event once");
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
