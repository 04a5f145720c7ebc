package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryOrderTest {
    private static final long SEVEN_MINUTES = 7L * 60 * 1_000_000_000L;

    private static SimulatedRig smallRig(long seed) {
        return SimulatedRig.create(RigScenario.of(seed, 30, YearMonth.of(2020, 9), RigScenario.defaultTrts()));
    }

    @Test
    void deliversInTimestampOrderStartsBeforeEndsNeverAheadOfTheClock() {
        SimulatedRig rig = smallRig(3);
        RecordingListener recording = new RecordingListener(rig);

        long delivered = 0;
        long steps = 0;
        for (long now = rig.simulationStartEpochNanos(); now < rig.simulationEndEpochNanos(); now += SEVEN_MINUTES) {
            delivered += rig.advanceTo(now);
            assertEquals(now, rig.clock().epochNanos());
            steps++;
        }
        delivered += rig.advanceTo(rig.simulationEndEpochNanos());

        assertTrue(steps > 6000, "many partial advances: " + steps);
        assertEquals(rig.observationCount(), delivered, "every observation delivered once");
        assertEquals(delivered, recording.observations());
        assertEquals(0, recording.orderViolations, "timestamps never decrease");
        assertEquals(0, recording.endsWithoutStart, "a start precedes its end");
        assertEquals(0, recording.clockViolations, "nothing after the clock");
        assertEquals(0, rig.advanceTo(rig.simulationEndEpochNanos() + 1), "nothing left");
    }

    @Test
    void anObservationAtExactlyTheTargetInstantIsDeliveredAndTheClockReadsItsTimestamp() {
        SimulatedRig rig = smallRig(4);
        List<Long> seen = new ArrayList<>();
        List<Long> clockDuring = new ArrayList<>();
        rig.port(Region.SOUTH).attach(new HanListener() {
            @Override
            public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                seen.add(startEpochNanos);
                clockDuring.add(rig.clock().epochNanos());
            }

            @Override
            public void onEnd(long messageId, long endEpochNanos, boolean success) {
                seen.add(endEpochNanos);
                clockDuring.add(rig.clock().epochNanos());
            }
        });
        long firstSouth = rig.events(Region.SOUTH).startEpochNanos(0);

        assertEquals(0, rig.advanceTo(firstSouth - 1));
        long delivered = rig.advanceTo(firstSouth);

        assertTrue(delivered >= 1);
        assertEquals(firstSouth, seen.get(0));
        assertEquals(seen, clockDuring);
    }

    @Test
    void portsWithoutListenerDropTheirObservationsButTheTruthStillCountsThem() {
        SimulatedRig rig = smallRig(5);
        RecountListener north = new RecountListener(Region.NORTH, rig.scenario(), new java.util.TreeMap<>());
        rig.port(Region.NORTH).attach(north);

        long delivered = rig.advanceTo(rig.simulationEndEpochNanos());

        RegionEvents northEvents = rig.events(Region.NORTH);
        long northObservations = 0;
        for (int i = 0; i < northEvents.size(); i++) {
            northObservations += northEvents.lost(i) ? 1 : 2;
        }
        assertEquals(northObservations, delivered);
        assertTrue(delivered < rig.observationCount());
        long centralEvents = rig.groundTruth().rows(YearMonth.of(2020, 9)).stream()
                .filter(row -> row.measureId().startsWith("CSPC/")).mapToLong(TruthRow::events).sum();
        assertTrue(centralEvents > 1000, "central still counted: " + centralEvents);
    }

    @Test
    void aClosedPortDeliversNothingMore() {
        SimulatedRig rig = smallRig(6);
        RecordingListener recording = new RecordingListener(rig);
        long middle = (rig.simulationStartEpochNanos() + rig.simulationEndEpochNanos()) / 2;
        rig.advanceTo(middle);
        int beforeClose = recording.observations();
        for (Region region : Region.values()) {
            rig.port(region).close();
        }

        assertEquals(0, rig.advanceTo(rig.simulationEndEpochNanos()));
        assertEquals(beforeClose, recording.observations());
        assertThrows(IllegalStateException.class, () -> rig.port(Region.NORTH).attach(new RecountListener(Region.NORTH,
                rig.scenario(), new java.util.TreeMap<>())));
    }

    @Test
    void portContract() {
        SimulatedRig rig = smallRig(7);
        for (Region region : Region.values()) {
            assertEquals(region, rig.port(region).region());
            assertSame(rig.clock(), rig.port(region).timeSource());
        }
        assertEquals(rig.simulationStartEpochNanos(), rig.clock().epochNanos());
        rig.port(Region.CENTRAL).attach(new RecountListener(Region.CENTRAL, rig.scenario(), new java.util.TreeMap<>()));
        assertThrows(IllegalStateException.class, () -> rig.port(Region.CENTRAL).attach(
                new RecountListener(Region.CENTRAL, rig.scenario(), new java.util.TreeMap<>())));
    }

    @Test
    void theClockNeverGoesBack() {
        SimulatedRig rig = smallRig(8);
        rig.advanceTo(rig.simulationStartEpochNanos() + SEVEN_MINUTES);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rig.advanceTo(rig.simulationStartEpochNanos()));
        assertTrue(error.getMessage().contains("back"), error.getMessage());
    }

    @Test
    void theSimulationEndsAfterEveryDeadlineAndEveryObservation() {
        SimulatedRig rig = smallRig(9);
        long largestTrtNanos = 22L * 3600 * 1_000_000_000L;
        long lastStart = Long.MIN_VALUE;
        for (Region region : Region.values()) {
            RegionEvents events = rig.events(region);
            lastStart = Math.max(lastStart, events.startEpochNanos(events.size() - 1));
            for (int i = 0; i < events.size(); i++) {
                if (!events.lost(i)) {
                    assertTrue(events.endEpochNanos(i) <= rig.simulationEndEpochNanos());
                }
            }
        }
        assertTrue(rig.simulationEndEpochNanos() >= lastStart + largestTrtNanos + 60_000_000_000L);
        // starts stop one hour after the period's end (2020-09-30T23:00Z)
        long periodEnd = UkCalendar.periodStartEpochNanos(YearMonth.of(2020, 10));
        assertTrue(lastStart < periodEnd + 3_600_000_000_000L && lastStart > periodEnd, "last start " + lastStart);
    }
}
