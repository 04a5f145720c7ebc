package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.VirtualClock;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOverBrokerTest extends OverBrokerFixture {
    private static final long T0 = Instant.parse("2020-09-01T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private TestPort port;
    private Agent agent;
    private long nextId;

    @BeforeEach
    void makePort() {
        port = new TestPort(Region.NORTH, new VirtualClock(T0));
    }

    @AfterEach
    void closeAgent() {
        if (agent != null) {
            agent.close(Duration.ofMillis(200));
        }
    }

    private AgentSettings.Builder settings() {
        return AgentSettings.builder().agentId("gw-north-1").region(Region.NORTH).brokerUrl(broker.url())
                .dataDir(dataDir).publishEvery(Duration.ofSeconds(60)).resendAfter(Duration.ofSeconds(2));
    }

    /**
     * Drives {@code seconds} of traffic: one RTT4 start per second (scopes alternate); each response comes
     * 2 s later, except every 7th (lost: times out) and every 10th (an error response: failed).
     */
    private void traffic(int seconds) {
        for (int s = 0; s < seconds; s++) {
            long id = nextId++;
            port.start(id, EventKind.RTT4, id % 2 == 0 ? HubVariant.SKU1 : HubVariant.SKU2);
            port.advance(Duration.ofSeconds(1));
            long answered = id - 2;
            if (answered >= 0 && answered % 7 != 0) {
                port.end(answered, answered % 10 != 0);
            }
            agent.tick();
        }
    }

    /** Lets every pending event end or expire and every interval close, ticking once a second. */
    private void settle() {
        for (int s = 0; s < 150; s++) {
            if (s == 0) {
                long answered = nextId - 2;
                for (long id = Math.max(0, answered); id < nextId; id++) {
                    if (id % 7 != 0) {
                        port.end(id, id % 10 != 0);
                    }
                }
            }
            port.advance(Duration.ofSeconds(1));
            agent.tick();
        }
        agent.flush();
    }

    private static long sum(List<IntervalReport> reports, java.util.function.ToLongFunction<IntervalReport> f) {
        return reports.stream().mapToLong(f).sum();
    }

    @Test
    void everyIntervalIsDeliveredAndAcknowledgedAndCountsAreExact() throws Exception {
        agent = Agent.start(settings().publishCopies(2).build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);

        traffic(300);
        settle();

        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        AgentCounters counters = agent.counters();
        List<IntervalReport> reports = collector.intervals();
        assertEquals(300, counters.starts());
        assertEquals(300, sum(reports, IntervalReport::getEvents), "every start reported once");
        assertEquals(counters.withinTrt(), sum(reports, IntervalReport::getWithinTrt));
        assertEquals(counters.timedOut(), sum(reports, IntervalReport::getTimedOut));
        assertEquals(counters.failed(), sum(reports, IntervalReport::getFailed));
        assertEquals(300 / 7 + 1, counters.timedOut(), "every 7th response was lost");
        assertEquals(300, counters.withinTrt() + counters.timedOut() + counters.failed());
        long histogramTotal = 0;
        for (IntervalReport report : reports) {
            assertEquals(Region.NORTH.providerCode() + "/PM4.3", report.getMeasureId());
            assertEquals(25_000, report.getTrtMillis());
            assertEquals(0, report.getIntervalStartEpochMillis() % 60_000, "aligned to the minute");
            if (!report.getHistogram().isEmpty()) {
                histogramTotal += Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(report.getHistogram().toByteArray()), 0).getTotalCount();
            }
        }
        assertEquals(counters.withinTrt() + counters.failed(), histogramTotal, "histograms hold completed events");
        assertEquals(counters.envelopesWritten(), counters.acked());
        // the second copy of the last envelope may still be on its way when the first has been acknowledged
        await().atMost(WAIT).until(() -> collector.received() >= 2 * collector.stored().size());

        Envelope birth = collector.stored().stream().filter(Envelope::hasStatus).findFirst().orElseThrow();
        assertEquals(AgentStatus.State.ONLINE, birth.getStatus().getState());
        assertEquals(5, birth.getStatus().getMeasuresCount());
        assertTrue(birth.getStatus().getMeasuresList().stream()
                .anyMatch(m -> m.getMeasureId().equals("CSPN/PM4.1") && m.getTrtMillis() == 22 * 3_600_000L));

        Envelope last = collector.stored().stream().filter(Envelope::hasIntervals).reduce((a, b) -> b).orElseThrow();
        long watermark = last.getIntervals().getWatermarksList().stream()
                .filter(w -> w.getMeasureId().equals("CSPN/PM4.3")).findFirst().orElseThrow().getFinalThroughEpochMillis();
        long lastStartMillis = T0 / 1_000_000L + 299_000;
        assertTrue(watermark > lastStartMillis, "watermark " + watermark + " passes every sent interval");

        agent.close(Duration.ofSeconds(5));
        assertEquals(0, agent.outboxSize());
        assertTrue(collector.stored().stream().anyMatch(e -> e.hasStatus()
                && e.getStatus().getState() == AgentStatus.State.OFFLINE_GRACEFUL));
        assertHlogHolds(counters.withinTrt() + counters.failed());
        agent = null;
    }

    private void assertHlogHolds(long completedEvents) throws Exception {
        Path hlog = dataDir.resolve("gw-north-1.hlog");
        assertTrue(Files.exists(hlog));
        long total = 0;
        Set<String> tags = new HashSet<>();
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram histogram;
            while ((histogram = reader.nextIntervalHistogram()) != null) {
                total += ((Histogram) histogram).getTotalCount();
                tags.add(histogram.getTag());
            }
        }
        assertEquals(completedEvents, total);
        assertEquals(Set.of("CSPN/PM4.3:SKU1", "CSPN/PM4.3:SKU2"), tags);
    }

    @Test
    void unacknowledgedEnvelopesAreResentUntilTheCollectorAcks() {
        collector.setAcking(false);
        agent = Agent.start(settings().resendAfter(Duration.ofMillis(300)).build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        traffic(120);
        settle();
        int written = agent.outboxSize();
        assertTrue(written >= 3, "birth and interval batches wait in the outbox: " + written);

        await().atMost(WAIT).until(() -> agent.counters().resends() >= written);
        assertEquals(written, agent.outboxSize(), "nothing leaves the outbox without an Ack");
        // The agent counts a re-send when it publishes; the copy reaches the test collector a moment later.
        await().atMost(WAIT).until(() -> collector.received() > collector.stored().size());

        collector.setAcking(true);
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        assertEquals(120, collector.sumEvents());
    }

    /**
     * Issue 12: on the anonymous broker any client may publish on the ack topic. Acks forged by another client for
     * sequences beyond what this boot published (up to 2^64-1, compared unsigned) delete nothing and are counted;
     * the collector's own acks then still empty the outbox.
     */
    @Test
    void forgedAcksFromAnotherClientDeleteNothingAndRealAcksStillWork() throws Exception {
        collector.setAcking(false);
        agent = Agent.start(settings().resendAfter(Duration.ofMillis(500)).build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        traffic(120);
        settle();
        int written = agent.outboxSize();
        assertTrue(written >= 3, "birth and interval batches wait in the outbox: " + written);
        await().atMost(WAIT).until(() -> collector.stored().size() >= written);
        List<io.pmr.agent.spool.OutboxEntry> entries = agent.outbox().entries();
        long epoch = agent.outbox().bootEpoch();
        long lowest = entries.get(0).sequence();
        long highest = entries.get(entries.size() - 1).sequence();

        Ack forged = Ack.newBuilder().setAgentId("gw-north-1")
                .addRanges(range(epoch, highest + 1, highest + 1_000))
                .addRanges(range(epoch, lowest, -1L))
                .addRanges(range(epoch, 1L << 63, -1L))
                .addRanges(range(epoch, lowest, highest + 1))
                .build();
        MqttAsyncClient forger = new MqttAsyncClient(broker.url(), "forger", new MemoryPersistence());
        try {
            forger.connect().waitForCompletion(10_000);
            forger.publish("pmr/v1/gw-north-1/ack", forged.toByteArray(), 1, false).waitForCompletion(10_000);
            await().atMost(WAIT).until(() -> agent.counters().ackRangesIgnored() == 4);
            assertEquals(written, agent.outboxSize(), "the forged ack deleted nothing");
            assertEquals(0, agent.counters().acked());
        } finally {
            forger.disconnect().waitForCompletion(10_000);
            forger.close();
        }

        collector.setAcking(true);
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        assertEquals(120, collector.sumEvents());
        assertEquals(4, agent.counters().ackRangesIgnored(), "the collector's acks are believed");
        assertEquals(0, agent.counters().acksDropped(), "an idle thread of control took every Ack, forged or not");
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }

    @Test
    void agentReconnectsByItselfAfterABrokerRestartAndDrains() throws Exception {
        agent = Agent.start(settings().resendAfter(Duration.ofMillis(500)).build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        traffic(90);
        agent.flush();
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);

        broker.stop();
        await().atMost(WAIT).until(() -> !agent.isConnected());
        traffic(90);
        settle();
        assertTrue(agent.outboxSize() > 0, "batches written while the broker was down wait in the outbox");

        broker.restart();
        await().atMost(WAIT).until(agent::isConnected);
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        assertEquals(180, collector.sumEvents());
        assertEquals(180, agent.counters().starts());
    }

    @Test
    void aNewAgentOnTheSameDataDirReplaysWhatWasNotAcknowledged() {
        collector.setAcking(false);
        agent = Agent.start(settings().build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        traffic(100);
        settle();
        agent.close(Duration.ofMillis(100));
        int left = agent.outboxSize();
        assertTrue(left >= 3, "unacknowledged envelopes stay on disk: " + left);
        long epoch1 = agent.bootEpoch();

        collector.setAcking(true);
        port = new TestPort(Region.NORTH, port.clock());
        agent = Agent.start(settings().build(), port, scheduler);
        long epoch2 = agent.bootEpoch();
        assertTrue(epoch2 > epoch1, "the restart draws a greater epoch than " + epoch1 + ": " + epoch2);
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        assertTrue(agent.counters().resends() >= left, "replayed " + agent.counters().resends() + " of " + left);

        List<Envelope> stored = collector.stored();
        Set<Long> sequences = new HashSet<>();
        for (Envelope envelope : stored) {
            assertTrue(sequences.add(envelope.getSequence()), "sequence " + envelope.getSequence() + " repeated");
        }
        assertTrue(stored.stream().anyMatch(e -> e.getBootEpoch() == epoch1 && e.hasIntervals()));
        assertTrue(stored.stream().anyMatch(e -> e.getBootEpoch() == epoch2 && e.hasStatus()));
        long maxEpoch1 = stored.stream().filter(e -> e.getBootEpoch() == epoch1).mapToLong(Envelope::getSequence).max().orElseThrow();
        long minEpoch2 = stored.stream().filter(e -> e.getBootEpoch() == epoch2).mapToLong(Envelope::getSequence).min().orElseThrow();
        assertTrue(minEpoch2 > maxEpoch1, "the new boot numbers past the old one");
        assertEquals(100, collector.sumEvents());
    }

    @Test
    void aReinstalledAgentUnderAKnownIdIsStoredNotTakenForDuplicates() {
        // Both installs start in the same wall-clock second: only the random half of the epoch tells them apart.
        java.util.Random random = new java.util.Random(1205);
        java.time.Clock wall = java.time.Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), java.time.ZoneOffset.UTC);
        agent = Agent.start(settings().build(), port, scheduler, System::nanoTime,
                new io.pmr.agent.spool.BootEpochs(wall, random));
        await().atMost(WAIT).until(agent::isConnected);
        traffic(100);
        settle();
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        long oldEpoch = agent.bootEpoch();
        agent.close(Duration.ofMillis(100));
        assertEquals(100, collector.sumEvents());

        // A new gateway image: same agent id, a fresh data dir (no agent.state), the same traffic again.
        port = new TestPort(Region.NORTH, new VirtualClock(T0));
        nextId = 0;
        agent = Agent.start(settings().dataDir(dataDir.resolve("reinstalled")).build(), port, scheduler,
                System::nanoTime, new io.pmr.agent.spool.BootEpochs(wall, random));
        assertTrue(agent.bootEpoch() != oldEpoch, "a new epoch without any local state");
        await().atMost(WAIT).until(agent::isConnected);
        traffic(100);
        settle();
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        assertEquals(200, collector.sumEvents(), "the reinstall's events are stored beside the old install's");
    }

    @Test
    void anAgentWhoseDataDirKeptItsOutboxButLostItsStateRefusesToStart() throws Exception {
        collector.setAcking(false);
        agent = Agent.start(settings().build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        traffic(100);
        settle();
        agent.close(Duration.ofMillis(100));
        assertTrue(agent.outboxSize() > 0);
        agent = null;
        Files.delete(dataDir.resolve("agent.state"));

        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> Agent.start(settings().build(), new TestPort(Region.NORTH, new VirtualClock(T0)), scheduler));
        assertTrue(e.getCause() instanceof io.pmr.agent.spool.OrphanedDataDirException, e.toString());
        assertTrue(e.getMessage().contains("no agent.state"), e.getMessage());
        assertTrue(!Files.exists(dataDir.resolve("agent.state")) && !Files.exists(dataDir.resolve("agent.running")),
                "nothing written to the refused data dir");
    }

    @Test
    void aFullOutboxKeepsBatchesInMemoryAndNeverDropsThem() {
        collector.setAcking(false);
        agent = Agent.start(settings().maxOutboxMessages(1).resendAfter(Duration.ofMillis(300)).build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        traffic(60);
        settle();            // first batch fills the outbox (the birth status is not bounded)
        traffic(60);
        settle();            // this one must wait in memory
        assertTrue(agent.counters().outboxFull() >= 1);

        collector.setAcking(true);
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);
        agent.flush();       // the kept intervals go out now
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0 && collector.sumEvents() == 120);
    }

    @Test
    void aStopSendsWhatIsFinalInOpenIntervalsAndTheNextStartCountsThePendingOnesOnce() {
        agent = Agent.start(settings().build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        port.start(1, EventKind.RTT4, HubVariant.SKU1);           // 12:00:00
        port.advance(Duration.ofSeconds(1));
        port.end(1, true);                                         // within, in the open current minute
        port.start(2, EventKind.RTT4, HubVariant.SKU1);           // 12:00:01, still waiting at the stop
        port.start(3, EventKind.CAT3_ALERT, HubVariant.SKU2);     // 12:00:01, never ends
        port.advance(Duration.ofSeconds(9));
        agent.tick();
        agent.close(Duration.ofSeconds(10));
        assertEquals(0, agent.outboxSize(), "the final part of the open minute was sent and acknowledged");
        assertEquals(1, collector.sumEvents(), "only the completed event so far");

        port = new TestPort(Region.NORTH, port.clock());
        agent = Agent.start(settings().build(), port, scheduler);
        await().atMost(WAIT).until(agent::isConnected);
        port.end(2, true);                                         // 12:00:10: 9 s, within 25 s
        for (int s = 0; s < 120; s++) {
            port.advance(Duration.ofSeconds(1));
            agent.tick();
        }
        agent.flush();
        await().atMost(WAIT).until(() -> agent.outboxSize() == 0);

        List<IntervalReport> reports = collector.intervals();
        List<IntervalReport> rtt4 = reports.stream().filter(r -> r.getMeasureId().equals("CSPN/PM4.3")).toList();
        List<IntervalReport> cat3 = reports.stream().filter(r -> r.getMeasureId().equals("CSPN/PM3.2")).toList();
        assertEquals(2, sum(rtt4, IntervalReport::getEvents), "each RTT4 event counted once, across the restart");
        assertEquals(2, sum(rtt4, IntervalReport::getWithinTrt));
        assertEquals(1, sum(cat3, IntervalReport::getEvents));
        assertEquals(1, sum(cat3, IntervalReport::getTimedOut));
        for (IntervalReport report : reports) {
            assertEquals(T0 / 1_000_000L, report.getIntervalStartEpochMillis(), "attributed to the minute they started in");
        }
    }
}
