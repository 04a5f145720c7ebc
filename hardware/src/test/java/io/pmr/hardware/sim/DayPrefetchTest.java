package io.pmr.hardware.sim;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rig's prefetch (each day generated and scheduled in the background while the clock is in the day before) changes
 * nothing: seeded October 2020 rigs (the 25-hour day, ends carried across midnights), classic and whole simulation,
 * deliver the same observations in the same order at the same clock readings, and count the same truth, with and
 * without it, whatever the steps the clock takes.
 */
class DayPrefetchTest {
    private static final YearMonth OCTOBER = YearMonth.of(2020, 10);

    @Test
    void theSameObservationsInTheSameOrderAndTheSameTruthWithAndWithoutThePrefetch() {
        RigScenario classic = RigScenario.of(20201003L, 60, OCTOBER, RigScenario.defaultTrts());
        RigScenario whole = RigScenario.of(20201004L, 20, OCTOBER, RigScenario.defaultTrts()).withWholeSimulation(40);
        for (RigScenario scenario : List.of(classic, whole)) {
            SimulatedRig prefetched = SimulatedRig.create(scenario, RigProfile.defaults(), true);
            SimulatedRig inline = SimulatedRig.create(scenario, RigProfile.defaults(), false);
            RecordingListener prefetchedSeen = new RecordingListener(prefetched);
            RecordingListener inlineSeen = new RecordingListener(inline);
            // Steps of a minute to a few hours (seeded): some end inside a day, some cross one or several midnights.
            SplitMix64 random = new SplitMix64(scenario.seed());
            long now = prefetched.simulationStartEpochNanos();
            long lastDayStart = prefetched.lastDayStartEpochNanos();
            int steps = 0;
            while (now < lastDayStart) {
                now = Math.min(lastDayStart, now + TimeUnit.MINUTES.toNanos(1 + random.nextLong(6 * 60)));
                assertEquals(inline.advanceTo(now), prefetched.advanceTo(now), "observations delivered up to " + now);
                assertEquals(inline.clock().epochNanos(), prefetched.clock().epochNanos());
                steps++;
            }
            long end = prefetched.simulationEndEpochNanos();
            assertEquals(inline.simulationEndEpochNanos(), end);
            assertEquals(inline.advanceTo(end), prefetched.advanceTo(end));

            assertTrue(steps > 100, "many steps: " + steps);
            assertTrue(prefetchedSeen.observations() > 10_000, "a month of traffic: " + prefetchedSeen.observations());
            assertArrayEquals(inlineSeen.stream(), prefetchedSeen.stream(),
                    "every observation's timestamp, id, region, kind, variant and verdict, in delivery order");
            assertEquals(0, prefetchedSeen.orderViolations + prefetchedSeen.clockViolations
                    + prefetchedSeen.endsWithoutStart, "the delivery contract holds with the prefetch");
            assertTrue(prefetched.framedByDelivery() && inline.framedByDelivery(), "counted from the days delivered");
            assertSameTruth(inline.groundTruth(), prefetched.groundTruth());
            assertEquals(inline.observationCount(), prefetched.observationCount());
            assertEquals(inline.eventCount(), prefetched.eventCount());
        }
    }

    @Test
    void theTruthAskedBeforeTheRunEqualsTheTruthTheRunCountsWhileThePrefetchRuns() {
        RigScenario scenario = RigScenario.of(20201005L, 30, OCTOBER, RigScenario.defaultTrts());
        SimulatedRig askedFirst = SimulatedRig.create(scenario, RigProfile.defaults(), true);
        GroundTruth counted = askedFirst.groundTruth(); // a counting pass, beside the first day's prefetch
        RecordingListener seen = new RecordingListener(askedFirst);
        askedFirst.advanceTo(askedFirst.simulationEndEpochNanos());

        SimulatedRig inline = SimulatedRig.create(scenario, RigProfile.defaults(), false);
        RecordingListener inlineSeen = new RecordingListener(inline);
        inline.advanceTo(inline.lastDayStartEpochNanos());
        inline.advanceTo(inline.simulationEndEpochNanos());

        assertSameTruth(inline.groundTruth(), counted);
        assertArrayEquals(inlineSeen.stream(), seen.stream());
    }

    private static void assertSameTruth(GroundTruth expected, GroundTruth actual) {
        assertEquals(expected.periods(), actual.periods());
        for (YearMonth period : expected.periods()) {
            assertEquals(expected.rows(period), actual.rows(period), "truth of " + period);
            assertEquals(expected.attemptRows(period), actual.attemptRows(period), "attempts of " + period);
            assertEquals(expected.availability(period), actual.availability(period), "availability of " + period);
            assertEquals(expected.smwanLevel(period), actual.smwanLevel(period), "SMWAN level of " + period);
        }
    }
}
