package io.pmr.hardware.sim;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rig counts its truth, counts and end from the days it loads for delivery when nobody asks before its last day
 * (the demo), and by a pass of its own when asked up front (the tests): both must give the same figures, and the
 * delivery the same observations.
 */
class DeliveredTruthTest {
    private static final YearMonth SEPTEMBER_2020 = YearMonth.of(2020, 9);

    @Test
    void truthCountedWhileDeliveringEqualsTheCountingPass() {
        assertSameFrame(RigScenario.of(20200907L, 30, SEPTEMBER_2020, RigScenario.defaultTrts()));
    }

    @Test
    void wholeSimulationTruthCountedWhileDeliveringEqualsTheCountingPass() {
        assertSameFrame(RigScenario.of(20200908L, 3, SEPTEMBER_2020, RigScenario.defaultTrts())
                .withWholeSimulation(RigScenario.MIN_DEVICE_HUBS));
    }

    private static void assertSameFrame(RigScenario scenario) {
        SimulatedRig counted = SimulatedRig.create(scenario);
        long countedEnd = counted.simulationEndEpochNanos();
        assertFalse(counted.framedByDelivery(), "asked up front: a counting pass");
        RecordingListener countedRecording = new RecordingListener(counted);
        long countedDelivered = counted.advanceTo(countedEnd);

        SimulatedRig streamed = SimulatedRig.create(scenario);
        RecordingListener streamedRecording = new RecordingListener(streamed);
        long streamedDelivered = streamed.advanceTo(streamed.lastDayStartEpochNanos());
        assertTrue(streamed.framedByDelivery(), "the last day loaded: the frame from the days delivered");
        long streamedEnd = streamed.simulationEndEpochNanos();
        assertTrue(streamedEnd > streamed.lastDayStartEpochNanos(), "the end is after the last day's start");
        streamedDelivered += streamed.advanceTo(streamedEnd);

        assertEquals(countedEnd, streamedEnd);
        assertEquals(counted.eventCount(), streamed.eventCount());
        assertEquals(counted.observationCount(), streamed.observationCount());
        assertEquals(counted.observationCount(), streamedDelivered, "every observation delivered");
        assertEquals(countedDelivered, streamedDelivered);
        assertArrayEquals(countedRecording.stream(), streamedRecording.stream());
        GroundTruth expected = counted.groundTruth();
        GroundTruth actual = streamed.groundTruth();
        assertEquals(expected.periods(), actual.periods());
        for (YearMonth period : expected.periods()) {
            assertEquals(expected.rows(period), actual.rows(period), "rows " + period);
            assertEquals(expected.attemptRows(period), actual.attemptRows(period), "attempt rows " + period);
            assertEquals(expected.availability(period), actual.availability(period), "availability " + period);
            assertEquals(expected.smwanLevel(period), actual.smwanLevel(period), "SMWAN level " + period);
        }
        assertEquals(expected.devices().toText(), actual.devices().toText());
        assertFalse(expected.rows(SEPTEMBER_2020).isEmpty(), "the month has figures to compare");
    }
}
