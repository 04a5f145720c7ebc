package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rig's probed availability: the probe rule over its own probes, with the edge cases the generator promises. */
class AvailabilityTruthTest {
    private static final YearMonth MARCH = YearMonth.of(2021, 3); // the clocks go forward: 31 days less an hour

    @Test
    void everyRegionHasTheEdgeCasesAndExactSeconds() {
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(7, 3, MARCH, RigScenario.defaultTrts())
                .withWholeSimulation(RigScenario.MIN_DEVICE_HUBS));
        long start = UkCalendar.periodStartEpochNanos(MARCH) / 1_000_000L;
        long end = UkCalendar.periodStartEpochNanos(MARCH.plusMonths(1)) / 1_000_000L;
        List<AvailabilityRow> rows = rig.groundTruth().availability(MARCH);
        assertEquals(List.of("CSPN/PM6.2", "CSPC/PM6.2", "CSPS/PM6.2", "DSP/PM2.1", "DSP/PM2.2", "DSP/PM2.3", "DSP/PM2.4",
                "DSP/PM2.5", "DSP/PM2.7", "CSPN/PM6.3"), rows.stream().map(AvailabilityRow::measureId).toList());
        for (AvailabilityRow row : rows) {
            assertEquals((31 * 24 - 1) * 3600L, row.periodSeconds());
            assertEquals(start, row.downWindows().get(0).startEpochMillis(), "an outage from the month's first second");
            assertTrue(row.downWindows().stream().anyMatch(w -> w.startEpochMillis() < end && w.endEpochMillis() > end),
                    "a window across the month end");
            assertTrue(row.excusedSeconds() > 0, "an outage inside scheduled maintenance");
            assertTrue(row.outageSeconds() - row.excusedSeconds() > 0, "an overrun counts");
            assertEquals(row.periodSeconds() - row.outageSeconds() + row.excusedSeconds(), row.availableSeconds());
            for (TimeWindow window : row.downWindows()) {
                assertEquals(0, window.startEpochMillis() % 10_000, "windows open and close on probe starts");
                assertEquals(0, window.endEpochMillis() % 10_000, "windows open and close on probe starts");
            }
            assertEquals(3, row.maintenanceWindows().size());
        }
        assertTrue(rig.groundTruth().rows(MARCH).stream().noneMatch(r -> r.measureId().endsWith("/PM6.2")
                        || r.measureId().startsWith("DSP/PM2.") || r.measureId().equals("CSPN/PM6.3")),
                "probes are not a share of events within TRT");
        assertEquals(List.of(), SimulatedRig.create(RigScenario.of(7, 3, MARCH, RigScenario.defaultTrts()))
                .groundTruth().availability(MARCH), "nothing without the whole simulation");
    }

    @Test
    void eachProbedInterfaceHasItsOwnOutagesAndMaintenanceProbedFromItsRegion() {
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(11, 3, MARCH, RigScenario.defaultTrts())
                .withWholeSimulation(RigScenario.MIN_DEVICE_HUBS));
        AvailabilityTruth truth = rig.groundTruth().availability();
        java.util.Set<List<TimeWindow>> distinctDown = new java.util.HashSet<>();
        java.util.Set<List<TimeWindow>> distinctMaintenance = new java.util.HashSet<>();
        for (AvailabilityRow row : rig.groundTruth().availability(MARCH)) {
            Region expected = row.measureId().endsWith("/PM6.2") ? Region.parse(row.measureId().substring(0, 4))
                    : Region.NORTH;
            assertEquals(expected, row.region(), row.measureId() + " is probed from " + expected);
            distinctDown.add(truth.downWindows(row.measureId()));
            distinctMaintenance.add(truth.maintenanceWindows(row.measureId()));
        }
        assertEquals(10, distinctDown.size(), "every interface fails on its own");
        assertEquals(10, distinctMaintenance.size(), "every interface has its own random maintenance window");
        assertEquals(truth.downWindows(Region.SOUTH), truth.downWindows("CSPS/PM6.2"));
        assertEquals(List.of(), truth.downWindows("CSPC/PM6.3"), "only CSP North has an Access Node measure");
        assertEquals(java.util.Set.copyOf(truth.measureIds()), truth.maintainedMeasureIds());
    }

    @Test
    void everyProbeKindsTimeoutMustBeShorterThanTheProbeInterval() {
        for (EventKind kind : EventKind.every()) {
            if (!kind.availabilityProbe()) {
                continue;
            }
            Map<EventKind, Duration> trts = new EnumMap<>(RigScenario.defaultTrts());
            trts.put(kind, Duration.ofSeconds(10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RigScenario(1, 3, MARCH, trts, RigScenario.MIN_DEVICE_HUBS));
            assertTrue(e.getMessage().contains(kind.name()), e.getMessage());
        }
    }

    @Test
    void theProbeTimeoutMustBeShorterThanTheProbeInterval() {
        Map<EventKind, Duration> trts = new EnumMap<>(RigScenario.defaultTrts());
        trts.put(EventKind.AVAILABILITY_PROBE, Duration.ofSeconds(10));
        assertThrows(IllegalArgumentException.class, () -> new RigScenario(1, 3, MARCH, trts, RigScenario.MIN_DEVICE_HUBS));
    }
}
