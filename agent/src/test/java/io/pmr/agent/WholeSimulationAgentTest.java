package io.pmr.agent;

import io.pmr.agent.spool.PendingSnapshot;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.AvailabilityRow;
import io.pmr.hardware.sim.GroundTruth;
import io.pmr.hardware.sim.TimeWindow;
import io.pmr.proto.v1.DownWindow;
import io.pmr.hardware.sim.OutageFigures;
import io.pmr.hardware.sim.OutageTruth;
import io.pmr.hardware.sim.RatioRow;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.hardware.sim.TruthRow;
import io.pmr.model.MeasureTrts;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated month of every kind an agent sees (the whole simulation), through three agents, a real broker
 * and a test collector, with a graceful restart of one agent while per-device events are pending and its
 * outbox is full of unacknowledged envelopes (so its last batches wait in memory under back-pressure and the stop
 * writes them past the bound), and every envelope published twice. What the collector stores,
 * summed the way the collector will, equals the rig's ground truth exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WholeSimulationAgentTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final long STEP_NANOS = 60_000_000_000L;
    private static final long DAY_NANOS = 24 * 3600 * 1_000_000_000L;
    /**
     * What the rig times and the agents measure with, read from the shipped catalogue as {@code pmr agent} reads it:
     * every kind's TRT, and the rules that are not a plain duration (TSP/PM1.1's wall-clock deadline, TSP/PM1.7's
     * core hours).
     */
    private static final KindTrts SHIPPED = CatalogueTrts.measured(MeasureTrts.shippedRules(), true);

    @TempDir
    static Path dir;

    private TestBroker broker;
    private TestCollector collector;
    private ScheduledExecutorService scheduler;
    private SimulatedRig rig;
    private final Map<Region, Agent> agents = new EnumMap<>(Region.class);
    private final Map<Region, RelayPort> ports = new EnumMap<>(Region.class);
    private final List<PendingSnapshot.Pending> carried = new ArrayList<>();
    /** NORTH's outbox bound: the six hours without acks before its restart fill it. */
    private static final int NORTH_OUTBOX_BOUND = 2;
    private long northRefusalsBeforeRestart;
    private List<Envelope> stored;

    @BeforeAll
    void runTheMonth() throws Exception {
        broker = TestBroker.start();
        collector = new TestCollector(broker.url());
        scheduler = Executors.newScheduledThreadPool(2);
        rig = SimulatedRig.create(RigScenario.of(2026, 6, SEPTEMBER, SHIPPED.trts()).withWholeSimulation());
        for (Region region : Region.values()) {
            ports.put(region, new RelayPort(rig.port(region)));
            agents.put(region, Agent.start(settings(region), ports.get(region), scheduler));
        }
        long restartAt = rig.simulationStartEpochNanos() + 16 * DAY_NANOS;
        long end = rig.simulationEndEpochNanos();
        for (long now = rig.simulationStartEpochNanos(); ; now = Math.min(end, now + STEP_NANOS)) {
            rig.advanceTo(now);
            for (Agent agent : agents.values()) {
                agent.tick();
            }
            if (now == restartAt - 6 * 3_600_000_000_000L) {
                collector.setAcking(false); // the restart finds unacknowledged envelopes in the outbox
            }
            if (now == restartAt) {
                restartNorth();
                collector.setAcking(true);
            }
            if (now == end) {
                break;
            }
        }
        for (Agent agent : agents.values()) {
            agent.flush();
        }
        for (Agent agent : agents.values()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> agent.outboxSize() == 0);
        }
        stored = collector.stored();
    }

    private AgentSettings settings(Region region) {
        return AgentSettings.builder().agentId("gw-" + region.name().toLowerCase(java.util.Locale.ROOT))
                .region(region).brokerUrl(broker.url()).dataDir(dir.resolve(region.name()))
                .kindTrts(SHIPPED).publishEvery(Duration.ofHours(2))
                .resendAfter(Duration.ofSeconds(1)).publishCopies(2)
                .maxOutboxMessages(region == Region.NORTH ? NORTH_OUTBOX_BOUND : 100_000).build();
    }

    private void restartNorth() throws Exception {
        northRefusalsBeforeRestart = agents.get(Region.NORTH).counters().outboxFull();
        agents.get(Region.NORTH).close(Duration.ofMillis(100));
        ports.get(Region.NORTH).detach();
        Path snapshot = dir.resolve(Region.NORTH.name()).resolve(PendingSnapshot.FILE_NAME);
        Path copy = Files.createDirectories(dir.resolve("snapshot-copy"));
        Files.copy(snapshot, copy.resolve(PendingSnapshot.FILE_NAME));
        carried.addAll(PendingSnapshot.take(copy));
        agents.put(Region.NORTH, Agent.start(settings(Region.NORTH), ports.get(Region.NORTH), scheduler));
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            for (Agent agent : agents.values()) {
                agent.close(Duration.ofMillis(200));
            }
            collector.close();
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            // cleanup only: a slow disconnect under load must not fail the figures checked above
            org.slf4j.LoggerFactory.getLogger(WholeSimulationAgentTest.class).warn("test collector did not disconnect cleanly: {}", e.toString());
        } finally {
            broker.close();
            scheduler.shutdownNow();
        }
    }

    private List<EventRecord> records() {
        List<EventRecord> records = new ArrayList<>();
        for (Envelope envelope : stored) {
            records.addAll(envelope.getIntervals().getRecordsList());
        }
        return records;
    }

    private static YearMonth periodOf(long epochMillis) {
        return YearMonth.from(Instant.ofEpochMilli(epochMillis).atZone(LONDON));
    }

    private List<YearMonth> periods() {
        return List.of(SEPTEMBER.minusMonths(1), SEPTEMBER, SEPTEMBER.plusMonths(1), SEPTEMBER.plusMonths(2));
    }

    @Test
    void theRestartCarriedPendingPerDeviceEventsAndNothingWasDropped() {
        assertTrue(carried.stream().anyMatch(p -> p.kind().perDevice() && p.deviceId() != 0 && p.groupId() != 0),
                "per-device events were pending at the stop: " + carried.size());
        ports.values().forEach(port -> assertEquals(0, port.dropped));
        // the second copy of the last envelopes may still be on their way when the first were acknowledged
        await().atMost(Duration.ofSeconds(60)).until(() -> collector.received() >= 2 * stored.size());
        assertTrue(stored.stream().map(Envelope::getBootEpoch).distinct().count() >= 2, "two boots");
        assertTrue(northRefusalsBeforeRestart > 0, "NORTH's outbox was full before its graceful stop");
    }

    @Test
    void everyFinalEventGivesExactlyOneRecord() {
        Map<String, Long> byKey = new HashMap<>();
        for (EventRecord record : records()) {
            byKey.merge(record.getMeasureId() + "#" + record.getMessageId(), 1L, Long::sum);
        }
        byKey.forEach((key, count) -> assertEquals(1L, count, key));
        GroundTruth truth = rig.groundTruth();
        long events = 0;
        for (YearMonth period : periods()) {
            events += truth.attemptRows(period).stream().mapToLong(TruthRow::events).sum();
        }
        assertEquals(events, byKey.size(), "one record per per-device event generated");
    }

    @Test
    void noWatermarkPassesARecordBeforeTheEnvelopeThatCarriesIt() {
        Map<String, List<Envelope>> byAgent = new TreeMap<>();
        for (Envelope envelope : stored) {
            byAgent.computeIfAbsent(envelope.getAgentId(), a -> new ArrayList<>()).add(envelope);
        }
        int checked = 0;
        for (List<Envelope> envelopes : byAgent.values()) {
            envelopes.sort(Comparator.comparingLong(Envelope::getBootEpoch).thenComparingLong(Envelope::getSequence));
            Map<String, Long> watermarkMillis = new HashMap<>();
            for (Envelope envelope : envelopes) {
                for (EventRecord record : envelope.getIntervals().getRecordsList()) {
                    long intervalStart = Math.floorDiv(record.getStartEpochMillis(), 60_000L) * 60_000L;
                    long passed = watermarkMillis.getOrDefault(record.getMeasureId(), Long.MIN_VALUE);
                    assertTrue(intervalStart >= passed, "record " + record.getMessageId() + " of " + record.getMeasureId()
                            + " came after a watermark " + passed + " passed its interval " + intervalStart);
                    checked++;
                }
                for (MeasureWatermark watermark : envelope.getIntervals().getWatermarksList()) {
                    watermarkMillis.merge(watermark.getMeasureId(), watermark.getFinalThroughEpochMillis(), Math::max);
                }
            }
        }
        assertTrue(checked > 10_000, "records checked: " + checked);
    }

    @Test
    void firmwareRecordsCountHubsAsTheTruthDoes() {
        Map<String, long[]> payloads = new HashMap<>(); // measure#payload -> first start, any within
        for (EventRecord record : records()) {
            if (!record.getMeasureId().endsWith("/PM2")) {
                continue;
            }
            long[] payload = payloads.computeIfAbsent(record.getMeasureId() + "#" + record.getPayloadId(),
                    k -> new long[] {Long.MAX_VALUE, 0});
            payload[0] = Math.min(payload[0], record.getStartEpochMillis());
            if (record.getOutcome() == EventRecord.Outcome.WITHIN_TRT) {
                payload[1] = 1;
            }
        }
        Map<YearMonth, Map<String, long[]>> rows = new TreeMap<>();
        payloads.forEach((key, payload) -> {
            long[] row = rows.computeIfAbsent(periodOf(payload[0]), p -> new TreeMap<>())
                    .computeIfAbsent(key.substring(0, key.indexOf('#')), m -> new long[2]);
            row[0] += payload[1];
            row[1]++;
        });
        for (YearMonth period : periods()) {
            List<RatioRow> fromAgents = new ArrayList<>();
            rows.getOrDefault(period, Map.of()).forEach((measure, row) -> fromAgents.add(new RatioRow(measure, period, row[0], row[1])));
            assertEquals(rig.groundTruth().devices().firmwareRows(period), fromAgents, period.toString());
        }
        assertTrue(rig.groundTruth().devices().firmwareRows(SEPTEMBER).get(0).denominator() > 1_000);
        List<EventRecord> firmware = records().stream().filter(r -> r.getMeasureId().endsWith("/PM2")).toList();
        Map<String, List<EventRecord.Outcome>> attempts = new HashMap<>();
        firmware.stream().sorted(Comparator.comparingLong(EventRecord::getStartEpochMillis)).forEach(r -> attempts
                .computeIfAbsent(r.getMeasureId() + "#" + r.getPayloadId(), k -> new ArrayList<>()).add(r.getOutcome()));
        assertTrue(attempts.values().stream().anyMatch(a -> a.equals(List.of(EventRecord.Outcome.FAILED,
                EventRecord.Outcome.WITHIN_TRT))), "a payload retried successfully after a failure");
        assertTrue(attempts.values().stream().anyMatch(a -> a.equals(List.of(EventRecord.Outcome.TIMED_OUT,
                EventRecord.Outcome.WITHIN_TRT))), "a payload retried successfully after timing out");
        assertTrue(firmware.stream().anyMatch(r -> r.getOutcome() == EventRecord.Outcome.WITHIN_TRT
                && periodOf(r.getStartEpochMillis()).equals(SEPTEMBER)
                && periodOf(r.getEndEpochMillis()).equals(SEPTEMBER.plusMonths(1))),
                "a payload started in September, completed within TRT in October");
    }

    @Test
    void outageRecordsGiveTheTruthPerOutageAndTheFiguresExactly() {
        Map<String, long[]> outages = new HashMap<>(); // outage id -> first start millis, N, A, region ordinal
        for (EventRecord record : records()) {
            if (!record.getMeasureId().endsWith("/PM12.2")) {
                continue;
            }
            Region region = Region.parse(record.getMeasureId().substring(0, 4));
            long[] outage = outages.computeIfAbsent(record.getOutageId(), k -> new long[] {Long.MAX_VALUE, 0, 0, region.ordinal()});
            outage[0] = Math.min(outage[0], record.getStartEpochMillis());
            outage[1]++;
            if (record.getOutcome() == EventRecord.Outcome.WITHIN_TRT) {
                outage[2]++;
            }
        }
        List<String> fromAgents = new ArrayList<>();
        List<OutageTruth> agentOutages = new ArrayList<>();
        outages.forEach((id, o) -> {
            Region region = Region.values()[(int) o[3]];
            fromAgents.add(id + "," + region + "," + periodOf(o[0]) + "," + o[0] + "," + o[1] + "," + o[2]);
            agentOutages.add(new OutageTruth(id, region, periodOf(o[0]), o[0], (int) o[1], (int) o[2]));
        });
        List<String> truth = new ArrayList<>();
        for (OutageTruth outage : rig.groundTruth().devices().outages()) {
            truth.add(outage.outageId() + "," + outage.region() + "," + outage.period() + ","
                    + Math.floorDiv(outage.startEpochNanos(), 1_000_000L) + "," + outage.hubs() + "," + outage.alertsWithinTrt());
        }
        fromAgents.sort(null);
        truth.sort(null);
        assertEquals(truth.size(), fromAgents.size(), "outages");
        for (int i = 0; i < truth.size(); i++) {
            assertEquals(truth.get(i), fromAgents.get(i), "outage " + i + " (id,region,period,start,N,A)");
        }
        assertTrue(agentOutages.stream().anyMatch(o -> o.hubs() == 5_000), "the outage of 5,000 hubs");
        assertTrue(records().stream().anyMatch(r -> r.getOutcome() == EventRecord.Outcome.TIMED_OUT
                && r.getMeasureId().endsWith("/PM12.2")), "alerts never delivered");

        for (YearMonth period : periods()) {
            List<OutageFigures> figures = new ArrayList<>();
            for (Region region : Region.values()) {
                List<OutageTruth> of = agentOutages.stream().filter(o -> o.region() == region && o.period().equals(period)).toList();
                if (!of.isEmpty()) {
                    figures.add(OutageFigures.of(region, period, of));
                }
            }
            assertEquals(rig.groundTruth().devices().outageFigures(period), figures, period.toString());
        }
    }

    private static final java.util.Set<String> LEVEL_IDS = java.util.Set.of("CSPN/PM1.4", "CSPC/PM1.3", "CSPS/PM1.3");

    /** One record per hub per day: EXCLUDED for the rig's excluded hub-days, WITHIN_TRT for connected ones. */
    @Test
    void smwanLevelRecordsCountHubDaysAsTheTruthDoes() {
        Map<YearMonth, Map<String, long[]>> rows = new TreeMap<>();
        for (EventRecord record : records()) {
            if (!LEVEL_IDS.contains(record.getMeasureId())) {
                continue;
            }
            long[] row = rows.computeIfAbsent(periodOf(record.getStartEpochMillis()), p -> new TreeMap<>())
                    .computeIfAbsent(record.getMeasureId(), m -> new long[3]);
            if (record.getOutcome() == EventRecord.Outcome.EXCLUDED) {
                row[2]++;
            } else {
                row[1]++;
                row[0] += record.getOutcome() == EventRecord.Outcome.WITHIN_TRT ? 1 : 0;
            }
        }
        boolean excluded = false;
        for (YearMonth period : periods()) {
            List<String> fromAgents = new ArrayList<>();
            rows.getOrDefault(period, Map.of()).forEach((measure, row) -> fromAgents.add(measure + " " + row[0] + "/"
                    + row[1] + " excluded " + row[2]));
            List<String> truth = new ArrayList<>();
            for (io.pmr.hardware.sim.LevelRow row : rig.groundTruth().smwanLevel(period)) {
                truth.add(row.measureId() + " " + row.connectedHubDays() + "/" + row.hubDays() + " excluded "
                        + row.excludedHubDays());
                excluded |= row.excludedHubDays() > 0;
            }
            assertEquals(truth, fromAgents, period.toString());
        }
        assertTrue(excluded, "the rig excluded some hub-days");
    }

    @Test
    void connectivityRecordsCountInstallsAsTheTruthDoes() {
        Map<YearMonth, Map<String, long[]>> rows = new TreeMap<>();
        for (EventRecord record : records()) {
            String measure = record.getMeasureId();
            if (!measure.startsWith("CSP")
                    || !(measure.endsWith("/PM1.1") || measure.endsWith("/PM1.2") || measure.endsWith("/PM1.3"))
                    || LEVEL_IDS.contains(measure)) { // CSPC/PM1.3, CSPS/PM1.3: the level, in hub-days (below)
                continue;
            }
            long[] row = rows.computeIfAbsent(periodOf(record.getStartEpochMillis()), p -> new TreeMap<>())
                    .computeIfAbsent(measure, m -> new long[2]);
            row[1]++;
            row[0] += record.getOutcome() == EventRecord.Outcome.WITHIN_TRT ? 1 : 0;
        }
        for (YearMonth period : periods()) {
            List<RatioRow> fromAgents = new ArrayList<>();
            rows.getOrDefault(period, Map.of()).forEach((measure, row) -> fromAgents.add(new RatioRow(measure, period, row[0], row[1])));
            assertEquals(rig.groundTruth().devices().connectivityRows(period), fromAgents, period.toString());
        }
        assertEquals(7, rig.groundTruth().devices().connectivityRows(SEPTEMBER).size());
        for (String atInstall : List.of("CSPN/PM1.1", "CSPC/PM1.1", "CSPS/PM1.1")) {
            assertTrue(records().stream().anyMatch(r -> r.getMeasureId().equals(atInstall)
                    && r.getOutcome() == EventRecord.Outcome.WITHIN_TRT), "an install connected within the hour: " + atInstall);
            assertTrue(records().stream().anyMatch(r -> r.getMeasureId().equals(atInstall)
                    && r.getOutcome() == EventRecord.Outcome.TIMED_OUT), "an install connected later: " + atInstall);
        }
        assertTrue(records().stream().anyMatch(r -> r.getMeasureId().equals("CSPN/PM1.2")
                && r.getOutcome() == EventRecord.Outcome.TIMED_OUT), "an install not connected within 30 days");
    }

    @Test
    void intervalCountsOfEveryKindEqualTheTruth() {
        Map<String, long[]> sums = new TreeMap<>(); // measure@period -> events, within, outside
        for (Envelope envelope : stored) {
            for (IntervalReport report : envelope.getIntervals().getIntervalsList()) {
                if (report.getMeasureId().endsWith("/PM6.2") || report.getMeasureId().equals("CSPN/PM6.3")
                        || report.getMeasureId().startsWith("DSP/PM2.")) {
                    continue; // probes count in seconds down: see probedAvailability...
                }
                long[] sum = sums.computeIfAbsent(report.getMeasureId() + "@" + periodOf(report.getIntervalStartEpochMillis()),
                        k -> new long[3]);
                sum[0] += report.getEvents();
                sum[1] += report.getWithinTrt();
                sum[2] += report.getTimedOut() + report.getFailed();
            }
        }
        Map<String, long[]> truth = new TreeMap<>();
        for (YearMonth period : periods()) {
            List<TruthRow> rows = new ArrayList<>(rig.groundTruth().rows(period));
            rows.addAll(rig.groundTruth().attemptRows(period));
            for (TruthRow row : rows) {
                truth.put(row.measureId() + "@" + period,
                        new long[] {row.events(), row.withinTrt(), row.lost() + row.failed() + row.lateEnds()});
            }
        }
        assertEquals(truth.keySet(), sums.keySet());
        truth.forEach((key, counts) -> assertEquals(List.of(counts[0], counts[1], counts[2]),
                List.of(sums.get(key)[0], sums.get(key)[1], sums.get(key)[2]), key));
        assertTrue(truth.keySet().stream().anyMatch(k -> k.startsWith(EventKind.POWER_LOSS_ALERT.measureId(Region.NORTH))));
        for (String smki : List.of("TSP/PM1.1", "TSP/PM1.4", "TSP/PM1.7", "TSP/PM1.8", "DSP/PM13")) {
            assertTrue(truth.keySet().stream().anyMatch(k -> k.startsWith(smki + "@")), smki + " compared");
        }
    }

    @Test
    void probedAvailabilityFromTheAgentsDownWindowsEqualsTheTruthPerRegion() {
        Map<String, List<TimeWindow>> windows = new TreeMap<>();
        Map<String, List<Envelope>> byAgent = new TreeMap<>();
        for (Envelope envelope : stored) {
            byAgent.computeIfAbsent(envelope.getAgentId(), a -> new ArrayList<>()).add(envelope);
        }
        for (List<Envelope> envelopes : byAgent.values()) {
            envelopes.sort(Comparator.comparingLong(Envelope::getBootEpoch).thenComparingLong(Envelope::getSequence));
            Map<String, Long> watermarkMillis = new HashMap<>();
            for (Envelope envelope : envelopes) {
                for (DownWindow window : envelope.getIntervals().getDownWindowsList()) {
                    long passed = watermarkMillis.getOrDefault(window.getMeasureId(), Long.MIN_VALUE);
                    assertTrue(window.getStartEpochMillis() >= passed, "a watermark " + passed + " passed the window "
                            + window + " before the envelope that carries it");
                    windows.computeIfAbsent(window.getMeasureId(), m -> new ArrayList<>())
                            .add(new TimeWindow(window.getStartEpochMillis(), window.getEndEpochMillis()));
                }
                for (MeasureWatermark watermark : envelope.getIntervals().getWatermarksList()) {
                    watermarkMillis.merge(watermark.getMeasureId(), watermark.getFinalThroughEpochMillis(), Math::max);
                }
            }
        }
        List<AvailabilityRow> truth = rig.groundTruth().availability(SEPTEMBER);
        assertEquals(List.of("CSPN/PM6.2", "CSPC/PM6.2", "CSPS/PM6.2", "DSP/PM2.1", "DSP/PM2.2", "DSP/PM2.3", "DSP/PM2.4",
                "DSP/PM2.5", "DSP/PM2.7", "CSPN/PM6.3"), truth.stream().map(AvailabilityRow::measureId).toList(),
                "one row per region's gateway interface, and the DSP interfaces and Access Nodes probed from NORTH");
        assertEquals(new java.util.TreeSet<>(truth.stream().map(AvailabilityRow::measureId).toList()), windows.keySet(),
                "the agents sent down windows of every probed measure, and of no other");
        for (AvailabilityRow row : truth) {
            List<TimeWindow> fromAgent = windows.getOrDefault(row.measureId(), List.of());
            assertEquals(rig.groundTruth().availability().downWindows(row.measureId()), fromAgent, row.measureId());
            // summed the collector's way: union, whole seconds, clipped to the month, maintenance excused
            long from = Math.floorDiv(SEPTEMBER.atDay(1).atStartOfDay(LONDON).toEpochSecond(), 1);
            long to = SEPTEMBER.plusMonths(1).atDay(1).atStartOfDay(LONDON).toEpochSecond();
            long[] down = secondsDown(fromAgent, rig.groundTruth().availability().maintenanceWindows(row.measureId()), from, to);
            long available = (to - from) - (down[0] - down[1]);
            assertEquals(List.of(row.periodSeconds(), row.outageSeconds(), row.excusedSeconds(), row.availableSeconds()),
                    List.of(to - from, down[0], down[1], available), row.measureId());
            assertEquals(row.level(), java.math.BigDecimal.valueOf(available).multiply(java.math.BigDecimal.valueOf(100))
                    .divide(java.math.BigDecimal.valueOf(to - from), 2, java.math.RoundingMode.HALF_UP), row.measureId());
            assertTrue(row.excusedSeconds() > 0 && row.outageSeconds() > row.excusedSeconds(),
                    "an outage inside maintenance and one overrunning it: " + row);
            long periodEndMillis = to * 1000;
            assertTrue(fromAgent.stream().anyMatch(w -> w.startEpochMillis() < periodEndMillis
                    && w.endEpochMillis() > periodEndMillis), "a window across the month end");
        }
    }

    /** Outage seconds and maintenance-excused seconds in [from, to), the collector's way. */
    private static long[] secondsDown(List<TimeWindow> windows, List<TimeWindow> maintenance, long from, long to) {
        java.util.BitSet down = new java.util.BitSet();
        for (TimeWindow w : windows) {
            long start = Math.max(from, Math.floorDiv(w.startEpochMillis(), 1000));
            long end = Math.min(to, -Math.floorDiv(-w.endEpochMillis(), 1000));
            if (end > start) {
                down.set((int) (start - from), (int) (end - from));
            }
        }
        java.util.BitSet excused = new java.util.BitSet();
        for (TimeWindow w : maintenance) {
            long start = Math.max(from, -Math.floorDiv(-w.startEpochMillis(), 1000));
            long end = Math.min(to, Math.floorDiv(w.endEpochMillis(), 1000));
            if (end > start) {
                excused.set((int) (start - from), (int) (end - from));
            }
        }
        excused.and(down);
        return new long[] {down.cardinality(), excused.cardinality()};
    }
}
