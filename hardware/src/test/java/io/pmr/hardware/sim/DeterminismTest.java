package io.pmr.hardware.sim;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DeterminismTest {
    private static final YearMonth SEPTEMBER_2020 = YearMonth.of(2020, 9);

    private static RigScenario scenario(long seed) {
        return RigScenario.of(seed, 300, SEPTEMBER_2020, RigScenario.defaultTrts());
    }

    private static long[] deliverAll(SimulatedRig rig) {
        RecordingListener recording = new RecordingListener(rig);
        long delivered = rig.advanceTo(rig.simulationEndEpochNanos());
        assertEquals(recording.observations(), delivered);
        return recording.stream();
    }

    @Test
    void sameScenarioGivesTheSameObservationsAndTruthBitForBit() {
        SimulatedRig first = SimulatedRig.create(scenario(20200901L));
        SimulatedRig second = SimulatedRig.create(scenario(20200901L));

        assertEquals(first.simulationStartEpochNanos(), second.simulationStartEpochNanos());
        assertEquals(first.simulationEndEpochNanos(), second.simulationEndEpochNanos());
        assertArrayEquals(deliverAll(first), deliverAll(second));
        for (YearMonth period : first.groundTruth().periods()) {
            assertEquals(first.groundTruth().rows(period), second.groundTruth().rows(period), period.toString());
        }
        assertEquals(first.groundTruth().periods(), second.groundTruth().periods());
    }

    @Test
    void anotherSeedGivesOtherObservationsAndTruth() {
        SimulatedRig first = SimulatedRig.create(scenario(1));
        SimulatedRig second = SimulatedRig.create(scenario(2));

        long[] firstStream = deliverAll(first);
        long[] secondStream = deliverAll(second);
        assertFalse(java.util.Arrays.equals(firstStream, secondStream));
        assertNotEquals(first.groundTruth().rows(SEPTEMBER_2020), second.groundTruth().rows(SEPTEMBER_2020));
    }
}
