package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The truth equals a naive recount of everything the ports delivered over the whole run. */
class IndependentRecountTest {

    private static void assertTruthEqualsRecount(SimulatedRig rig) {
        Map<String, Map<YearMonth, long[]>> counts = new TreeMap<>();
        Map<Region, RecountListener> listeners = RecountListener.runWholeRig(rig, counts);
        listeners.values().forEach(listener -> assertEquals(List.of(), listener.errors));

        YearMonth period = rig.scenario().period();
        List<YearMonth> periods = List.of(period.minusMonths(1), period, period.plusMonths(1));
        assertEquals(periods, rig.groundTruth().periods(), "periods with events");
        for (YearMonth each : periods) {
            List<TruthRow> recount = RecountListener.rows(counts, each);
            assertEquals(recount, rig.groundTruth().rows(each), "rows of " + each);
        }
    }

    @Test
    void truthOfTheDefaultMonthEqualsTheRecount() {
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(7, 300, YearMonth.of(2020, 9), RigScenario.defaultTrts()));
        assertTruthEqualsRecount(rig);
        assertEquals(15, rig.groundTruth().rows(YearMonth.of(2020, 9)).size(), "every region and kind");
    }

    @Test
    void truthEqualsTheRecountWithOtherTrtsAndAMonthThatStartsAtMidnightUtc() {
        Map<EventKind, Duration> trts = new EnumMap<>(RigScenario.defaultTrts());
        trts.put(EventKind.CAT2_HAN_COMMAND, Duration.ofMillis(1500));
        trts.put(EventKind.CAT3_ALERT, Duration.ofDays(2).plusNanos(1));
        trts.put(EventKind.RTT4, Duration.ofSeconds(25).plusNanos(999));
        // December: GMT, so the month starts at midnight UTC
        assertTruthEqualsRecount(SimulatedRig.create(RigScenario.of(11, 31, YearMonth.of(2021, 12), trts)));
    }

    @Property(tries = 12, seed = "20200901")
    void truthEqualsTheRecountForAnySeedAndSmallRig(@ForAll long seed, @ForAll @IntRange(min = 3, max = 12) int hubs,
                                                    @ForAll @IntRange(min = 1, max = 12) int month) {
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(seed, hubs, YearMonth.of(2023, month), RigScenario.defaultTrts()));
        assertTruthEqualsRecount(rig);
        for (YearMonth period : rig.groundTruth().periods()) {
            for (TruthRow row : rig.groundTruth().rows(period)) {
                assertTrue(row.withinTrt() <= row.events(), row.toString());
            }
        }
    }
}
