package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@SuppressWarnings("unchecked")
class WholeSimulationTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);

    private static RigScenario classic(long seed) {
        return RigScenario.of(seed, 30, SEPTEMBER, RigScenario.defaultTrts());
    }

    @Test
    void offByDefaultTheRigMakesTheClassicKindsOnly() {
        RigScenario scenario = classic(7);
        assertFalse(scenario.wholeSimulation());
        assertEquals(RigScenario.defaultTrts().keySet(), scenario.trts().keySet());
        assertEquals(5, EventKind.defaultTrts().size(), "defaultTrts keeps today's five kinds");
        SimulatedRig rig = SimulatedRig.create(scenario);
        for (Region region : Region.values()) {
            RegionEvents events = rig.events(region);
            for (int i = 0; i < events.size(); i++) {
                assertTrue(events.kind(i).classic(), events.kind(i).toString());
            }
        }
        assertEquals(List.of(), rig.groundTruth().devices().outages());
        assertEquals(List.of(), rig.groundTruth().devices().firmwareRows(SEPTEMBER));
        assertEquals(List.of(), rig.groundTruth().attemptRows(SEPTEMBER));
    }

    @Test
    void theClassicTruthIsTheSameWithTheWholeSimulation() {
        SimulatedRig off = SimulatedRig.create(classic(11));
        SimulatedRig on = SimulatedRig.create(classic(11).withWholeSimulation(200));
        assertEquals(off.groundTruth().periods(), on.groundTruth().periods());
        for (YearMonth period : off.groundTruth().periods()) {
            assertEquals(off.groundTruth().rows(period), on.groundTruth().rows(period).stream()
                    .filter(row -> row.measureId().startsWith("CSP")).toList(), period.toString());
        }
        assertTrue(on.groundTruth().devices().outages().size() > 100);
    }

    @Test
    void sameSeedGivesByteIdenticalTruthAndAnotherSeedDoesNot() {
        String first = SimulatedRig.create(classic(5).withWholeSimulation(500)).groundTruth().devices().toText();
        String second = SimulatedRig.create(classic(5).withWholeSimulation(500)).groundTruth().devices().toText();
        String other = SimulatedRig.create(classic(6).withWholeSimulation(500)).groundTruth().devices().toText();
        assertEquals(first, second);
        assertNotEquals(first, other);
        assertTrue(first.lines().count() > 400, "firmware rows and outages");
    }

    @Test
    void observationsRecountToTheDeviceTruthWithABigOutageLostAlertsAndRetries() {
        SimulatedRig rig = SimulatedRig.create(classic(2020).withWholeSimulation());
        Map<Region, Recount> recounts = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            Recount recount = new Recount(rig.scenario());
            recounts.put(region, recount);
            rig.port(region).attach(recount);
        }
        rig.advanceTo(rig.simulationEndEpochNanos());
        recounts.values().forEach(Recount::finish);

        DeviceTruth truth = rig.groundTruth().devices();
        UkCalendar.Months periods = UkCalendar.months(SEPTEMBER.minusMonths(1), SEPTEMBER.plusMonths(3));
        List<OutageTruth> recountedOutages = new ArrayList<>();
        Map<YearMonth, List<RatioRow>> recountedFirmware = new TreeMap<>();
        for (Region region : Region.values()) {
            Recount recount = recounts.get(region);
            assertEquals(List.of(), recount.errors, region.toString());
            recount.outages.forEach((group, counts) -> recountedOutages.add(new OutageTruth(Long.toString(group), region,
                    periods.periodOf(counts[0]), counts[0], (int) counts[1], (int) counts[2])));
            Map<YearMonth, long[]> ratio = new TreeMap<>();
            recount.payloads.forEach((group, counts) -> {
                long[] row = ratio.computeIfAbsent(periods.periodOf(counts[0]), p -> new long[2]);
                row[1]++;
                row[0] += counts[2] > 0 ? 1 : 0;
            });
            ratio.forEach((period, row) -> recountedFirmware.computeIfAbsent(period, p -> new ArrayList<>())
                    .add(new RatioRow(region.providerCode() + "/PM2", period, row[0], row[1])));
            assertTrue(recount.retriedPayloads > 0, "some payloads retried after a failure in " + region);
        }
        for (YearMonth period : List.of(SEPTEMBER.minusMonths(1), SEPTEMBER, SEPTEMBER.plusMonths(1))) {
            Map<String, long[]> rows = new TreeMap<>();
            for (Region region : Region.values()) {
                Recount recount = recounts.get(region);
                recount.allInstalls.forEach((id, install) -> {
                    if (periods.periodOf(install[1]).equals(period)) {
                        long[] row = rows.computeIfAbsent(EventKind.every()[(int) install[0]].measureId(region), m -> new long[2]);
                        row[1]++;
                        row[0] += recount.connectedInstalls.contains(id) ? 1 : 0;
                    }
                });
            }
            List<RatioRow> expected = new ArrayList<>();
            rows.forEach((measure, row) -> expected.add(new RatioRow(measure, period, row[0], row[1])));
            assertEquals(expected, truth.connectivityRows(period), "connectivity " + period);
        }
        assertEquals(List.of("CSPC/PM1.1", "CSPC/PM1.2", "CSPN/PM1.1", "CSPN/PM1.2", "CSPN/PM1.3", "CSPS/PM1.1",
                        "CSPS/PM1.2"),
                truth.connectivityRows(SEPTEMBER).stream().map(RatioRow::measureId).toList());
        Map<String, RatioRow> september = new HashMap<>();
        truth.connectivityRows(SEPTEMBER).forEach(row -> september.put(row.measureId(), row));
        RatioRow north30 = september.get("CSPN/PM1.2");
        RatioRow north90 = september.get("CSPN/PM1.3");
        assertEquals(north30.denominator(), north90.denominator(), "one install feeds both North measures");
        assertTrue(north30.numerator() < north90.numerator(), "some connect after 30 days, within 90");
        for (String region : List.of("CSPN", "CSPC", "CSPS")) {
            RatioRow atInstall = september.get(region + "/PM1.1");
            RatioRow within90 = september.get(region + (region.equals("CSPN") ? "/PM1.3" : "/PM1.2"));
            assertEquals(within90.denominator(), atInstall.denominator(), "one install feeds every measure: " + region);
            assertTrue(atInstall.numerator() > 0 && atInstall.numerator() < within90.numerator(),
                    "a few connect within the hour of their install, most later: " + region + " " + atInstall);
        }
        recountedOutages.sort(java.util.Comparator.comparing(OutageTruth::region)
                .thenComparingLong(OutageTruth::startEpochNanos).thenComparing(OutageTruth::outageId));
        assertEquals(recountedOutages, truth.outages());
        recountedFirmware.forEach((period, rows) -> {
            rows.sort(java.util.Comparator.comparing(RatioRow::measureId));
            assertEquals(rows, truth.firmwareRows(period), period.toString());
        });

        int biggest = truth.outages().stream().mapToInt(OutageTruth::hubs).max().orElseThrow();
        assertEquals(5_000, biggest, "one outage of 5,000 hubs");
        assertTrue(truth.outages().stream().filter(o -> !o.small()).count() >= 4, "a few outages of more than 50 hubs");
        assertTrue(truth.outages().stream().filter(OutageTruth::small).count() > 300, "most outages are small");
        assertTrue(truth.outages().stream().anyMatch(o -> o.alertsWithinTrt() < o.hubs()), "alerts late or never");
        assertTrue(recounts.values().stream().mapToLong(r -> r.lostAlerts).sum() > 0, "alerts never delivered");
        // The month-end outage starts one second before October: September's, with alerts after the boundary.
        long october = UkCalendar.periodStartEpochNanos(SEPTEMBER.plusMonths(1));
        assertTrue(truth.outages().stream().anyMatch(o -> o.period().equals(SEPTEMBER)
                && o.startEpochNanos() < october && o.startEpochNanos() >= october - 1_000_000_000L && o.hubs() == 60));
        for (RatioRow row : truth.firmwareRows(SEPTEMBER)) {
            assertTrue(row.numerator() < row.denominator() && row.numerator() > row.denominator() * 9 / 10, row.toString());
        }
        for (OutageFigures figures : truth.outageFigures(SEPTEMBER)) {
            assertTrue(figures.pm122IntendedLevel().compareTo(BigDecimal.valueOf(100)) <= 0, figures.toString());
        }
    }

    @Test
    void serviceTimingsAreOneRowPerDspOrS1spMeasureSummedOverThePortsThatSawThem() {
        SimulatedRig rig = SimulatedRig.create(classic(3).withWholeSimulation(50));
        long trt = rig.scenario().trtNanos(EventKind.DSP_SERVICE_REQUEST);
        Map<String, long[]> recount = new TreeMap<>(); // measure@period -> events, within
        Map<Long, long[]>[] pending = new Map[Region.values().length];
        int[] exactlyTrt = new int[1];
        for (Region region : Region.values()) {
            Map<Long, long[]> open = new HashMap<>();
            pending[region.ordinal()] = open;
            rig.port(region).attach(new HanListener() {
                @Override
                public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                    if (!kind.regional() && !kind.availabilityProbe() && !kind.smki()) { // probes: seconds down
                        String provider = kind.smets1Timing()
                                ? (kind == EventKind.S1SP_CAP_SERVICE_REQUEST ? "S1SP-CAP" : "S1SP-SIE") : "DSP";
                        assertEquals(provider + "/" + kind.pmNumber(), kind.measureId(region));
                        open.put(messageId, new long[] {kind.ordinal(), startEpochNanos});
                        long[] sum = recount.computeIfAbsent(kind.measureId(region) + "@"
                                + UkCalendar.months(SEPTEMBER.minusMonths(1), SEPTEMBER.plusMonths(3)).periodOf(startEpochNanos),
                                k -> new long[2]);
                        sum[0]++;
                    }
                }

                @Override
                public void onEnd(long messageId, long endEpochNanos, boolean success) {
                    long[] event = open.remove(messageId);
                    if (event == null) {
                        return;
                    }
                    EventKind kind = EventKind.every()[(int) event[0]];
                    long latency = endEpochNanos - event[1];
                    if (kind == EventKind.DSP_SERVICE_REQUEST && latency == trt) {
                        exactlyTrt[0]++;
                    }
                    if (success && latency <= rig.scenario().trtNanos(kind)) {
                        recount.get(kind.measureId(region) + "@"
                                + UkCalendar.months(SEPTEMBER.minusMonths(1), SEPTEMBER.plusMonths(3)).periodOf(event[1]))[1]++;
                    }
                }
            });
        }
        rig.advanceTo(rig.simulationEndEpochNanos());
        Map<String, long[]> truth = new TreeMap<>();
        for (YearMonth period : rig.groundTruth().periods()) {
            for (TruthRow row : rig.groundTruth().rows(period)) {
                if ((row.measureId().startsWith("DSP/") && !row.measureId().equals("DSP/PM13"))
                        || row.measureId().startsWith("S1SP-")) {
                    truth.put(row.measureId() + "@" + period, new long[] {row.events(), row.withinTrt()});
                }
            }
        }
        assertEquals(truth.keySet(), recount.keySet());
        truth.forEach((key, counts) -> assertEquals(List.of(counts[0], counts[1]),
                List.of(recount.get(key)[0], recount.get(key)[1]), key));
        assertEquals(5, rig.groundTruth().rows(SEPTEMBER).stream().filter(r -> r.measureId().startsWith("DSP/PM1."))
                .count());
        assertEquals(List.of("S1SP-CAP/PM1.1", "S1SP-SIE/PM1.1", "S1SP-SIE/PM1.5"), rig.groundTruth().rows(SEPTEMBER)
                .stream().map(TruthRow::measureId).filter(id -> id.startsWith("S1SP-")).toList());
        assertTrue(truth.get("S1SP-SIE/PM1.5@" + SEPTEMBER)[0] > 3 * 1_200, "three ports' SMETS1 alerts in one row");
        assertTrue(truth.get("DSP/PM1.1@" + SEPTEMBER)[0] > 3 * 1_200, "three ports' events in one row");
        assertEquals(3 * 2, exactlyTrt[0], "two events at exactly the TRT per port");
    }

    @Test
    void outageFormulasAreExact() {
        Region north = Region.NORTH;
        List<OutageTruth> outages = List.of(
                new OutageTruth("1", north, SEPTEMBER, 1, 10, 9),
                new OutageTruth("2", north, SEPTEMBER, 2, 5, 5),
                new OutageTruth("3", north, SEPTEMBER, 3, 50, 50),
                new OutageTruth("4", north, SEPTEMBER, 4, 100, 70),
                new OutageTruth("5", north, SEPTEMBER, 5, 60, 40));
        OutageFigures figures = OutageFigures.of(north, SEPTEMBER, outages);
        assertEquals(3, figures.smallOutages());
        assertEquals(65, figures.smallHubs());
        assertEquals(64, figures.smallWithinTrt());
        assertEquals(new BigDecimal("98.46"), figures.pm121Level()); // 6400/65 = 98.4615...
        assertEquals(160, figures.largeHubs());
        assertEquals(110, figures.largeWithinTrt());
        assertEquals(0, new BigDecimal("77.5").compareTo(figures.historicalRequired())); // (160-50)*0.25+50
        assertEquals(new BigDecimal("141.94"), figures.pm122HistoricalLevel()); // 11000/77.5 = 141.935...
        // R = 62.5 and 52.5; min(70, 62.5) + min(40, 52.5) = 102.5 of 115
        assertEquals(0, new BigDecimal("115").compareTo(figures.intendedRequired()));
        assertEquals(0, new BigDecimal("102.5").compareTo(figures.intendedCappedWithin()));
        assertEquals(new BigDecimal("89.13"), figures.pm122IntendedLevel()); // 10250/115 = 89.130...

        // The report's CSP North, September 2020: 6,864 of 6,929 alerts reported as 387.85%.
        OutageFigures reported = OutageFigures.of(north, SEPTEMBER, List.of(new OutageTruth("x", north, SEPTEMBER, 0, 6_929, 6_864)));
        assertEquals(new BigDecimal("387.85"), reported.pm122HistoricalLevel());
        assertNull(reported.pm121Level(), "no outage of 50 hubs or fewer");
    }

    /** Recounts per-device events from what the port delivers, by group: first start, events, within TRT. */
    private static final class Recount implements HanListener {
        final Map<Long, long[]> outages = new HashMap<>();
        final Map<Long, long[]> payloads = new HashMap<>();
        final List<String> errors = new ArrayList<>();
        final Map<Long, long[]> pending = new HashMap<>();
        final Set<Long> failedPayloads = new HashSet<>();
        final Map<Long, long[]> installs = new HashMap<>();
        final Set<Long> connectedInstalls = new HashSet<>();
        final Map<Long, long[]> allInstalls = new HashMap<>();
        final Map<Long, Long> payloadOfHub = new HashMap<>();
        long retriedPayloads;
        long lostAlerts;
        private final RigScenario scenario;

        Recount(RigScenario scenario) {
            this.scenario = scenario;
        }

        @Override
        public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
            if (kind.perDevice()) {
                errors.add("per-device start through onStart: " + messageId);
            }
        }

        @Override
        public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                                  long startEpochNanos) {
            if (kind.smwanLevel()) {
                return; // daily checks: SmwanLevelSimulationTest
            }
            if (kind.smwanConnectivity()) {
                if (deviceId == 0 || groupId != 0) {
                    errors.add("an install needs a device and no group: " + messageId);
                }
                installs.put(messageId, new long[] {kind.ordinal(), startEpochNanos});
                allInstalls.put(messageId, new long[] {kind.ordinal(), startEpochNanos});
                return;
            }
            if (deviceId == 0 || groupId == 0) {
                errors.add("no device or group: " + messageId);
            }
            if (kind == EventKind.CAT1_FIRMWARE_PAYLOAD) {
                // CSPx/PM2 counts hubs; the truth counts payloads, which is the same only while a hub has one payload
                Long payload = payloadOfHub.putIfAbsent(deviceId, groupId);
                if (payload != null && payload != groupId) {
                    errors.add("hub " + deviceId + " has two payloads: " + payload + " and " + groupId);
                }
            }
            Map<Long, long[]> groups = kind == EventKind.POWER_LOSS_ALERT ? outages : payloads;
            long[] group = groups.computeIfAbsent(groupId, id -> new long[] {Long.MAX_VALUE, 0, 0});
            group[0] = Math.min(group[0], startEpochNanos);
            group[1]++;
            if (kind == EventKind.CAT1_FIRMWARE_PAYLOAD && failedPayloads.contains(groupId)) {
                retriedPayloads++;
            }
            // {kind, group, start, delivered}
            pending.put(messageId, new long[] {kind.ordinal(), groupId, startEpochNanos, 0});
        }

        @Override
        public void onEnd(long messageId, long endEpochNanos, boolean success) {
            long[] install = installs.remove(messageId);
            if (install != null) {
                EventKind kind = EventKind.every()[(int) install[0]];
                if (success && endEpochNanos - install[1] <= scenario.trtNanos(kind)) {
                    connectedInstalls.add(messageId);
                }
                return;
            }
            long[] event = pending.get(messageId);
            if (event == null) {
                return; // a classic event
            }
            event[3] = 1;
            EventKind kind = EventKind.every()[(int) event[0]];
            Map<Long, long[]> groups = kind == EventKind.POWER_LOSS_ALERT ? outages : payloads;
            if (success && endEpochNanos - event[2] <= scenario.trtNanos(kind)) {
                groups.get(event[1])[2]++;
            } else if (!success && kind == EventKind.CAT1_FIRMWARE_PAYLOAD) {
                failedPayloads.add(event[1]);
            }
        }

        void finish() {
            for (long[] event : pending.values()) {
                if (event[3] == 0 && event[0] == EventKind.POWER_LOSS_ALERT.ordinal()) {
                    lostAlerts++;
                }
            }
        }
    }

    /**
     * SMKI timings, recounted from what the ports deliver with the model's rule of each kind (the agent's): requests
     * outside a rule's hours are left out, a wall-clock deadline is per request; the truth agrees exactly, and the
     * edge cases are there (ends exactly at a deadline, starts at 18:00:00.000 exactly and just before).
     */
    @Test
    void smkiTimingsAreCountedByTheirRulesOverThePortsThatSawThem() {
        SimulatedRig rig = SimulatedRig.create(classic(3).withWholeSimulation(50));
        UkCalendar.Months months = UkCalendar.months(SEPTEMBER.minusMonths(1), SEPTEMBER.plusMonths(3));
        Map<String, long[]> recount = new TreeMap<>(); // measure@period -> events, within
        long[] seen = new long[4]; // outside hours, exactly at a deadline and within, at 18:00:00.000, at 17:59:59.999
        for (Region region : Region.values()) {
            Map<Long, long[]> open = new HashMap<>();
            rig.port(region).attach(new HanListener() {
                @Override
                public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                    if (!kind.smki()) {
                        return;
                    }
                    java.time.LocalTime local = java.time.Instant.ofEpochSecond(0, startEpochNanos)
                            .atZone(UkCalendar.LONDON).toLocalTime();
                    if (kind == EventKind.SMKI_S2S_CERTIFICATE && local.equals(java.time.LocalTime.of(18, 0))) {
                        seen[2]++;
                        assertFalse(rig.scenario().rule(kind).counts(startEpochNanos), "18:00:00.000 is outside");
                    }
                    if (kind == EventKind.SMKI_BATCH_CERTIFICATE
                            && local.equals(java.time.LocalTime.of(17, 59, 59, 999_000_000))) {
                        seen[3]++;
                        assertTrue(rig.scenario().rule(kind).counts(startEpochNanos), "17:59:59.999 is inside");
                    }
                    if (!rig.scenario().rule(kind).counts(startEpochNanos)) {
                        seen[0]++;
                        return;
                    }
                    open.put(messageId, new long[] {kind.ordinal(), startEpochNanos});
                    recount.computeIfAbsent(kind.measureId(region) + "@" + months.periodOf(startEpochNanos),
                            k -> new long[2])[0]++;
                }

                @Override
                public void onEnd(long messageId, long endEpochNanos, boolean success) {
                    long[] event = open.remove(messageId);
                    if (event == null) {
                        return;
                    }
                    EventKind kind = EventKind.every()[(int) event[0]];
                    io.pmr.model.TrtRule rule = rig.scenario().rule(kind);
                    if (rule.within(success, event[1], endEpochNanos)) {
                        recount.get(kind.measureId(region) + "@" + months.periodOf(event[1]))[1]++;
                        if (endEpochNanos == rule.deadlineEpochNanos(event[1])) {
                            seen[1]++;
                        }
                    }
                }
            });
        }
        rig.advanceTo(rig.simulationEndEpochNanos());
        Map<String, long[]> truth = new TreeMap<>();
        for (YearMonth period : rig.groundTruth().periods()) {
            for (TruthRow row : rig.groundTruth().rows(period)) {
                if (row.measureId().startsWith("TSP/") || row.measureId().equals("DSP/PM13")) {
                    truth.put(row.measureId() + "@" + period, new long[] {row.events(), row.withinTrt()});
                }
            }
        }
        assertEquals(truth.keySet(), recount.keySet());
        truth.forEach((key, counts) -> assertArrayEquals(counts, recount.get(key), key));
        for (String id : List.of("TSP/PM1.1", "TSP/PM1.4", "TSP/PM1.7", "TSP/PM1.8", "DSP/PM13")) {
            long[] september = truth.get(id + "@" + SEPTEMBER);
            assertTrue(september != null && september[1] < september[0] && september[1] > september[0] * 9 / 10,
                    id + ": most within, some not");
        }
        assertTrue(seen[0] > 100, "requests outside the hours, left out: " + seen[0]);
        assertTrue(seen[1] >= 5 * 3 * 2, "ends exactly at a deadline, within: " + seen[1]);
        assertTrue(seen[2] >= 20 && seen[3] >= 30, "hour edges: " + seen[2] + ", " + seen[3]);
    }
}
