package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.publish.ReportPublisher;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.ExclusionCount;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureSource;
import io.pmr.proto.v1.MeasureWatermark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing stored can make a report fail: the largest values the edge admits (counts at the bound, the latest time,
 * the largest sequence, an epoch read as negative), taken through ingest, and values a store from before the bounds
 * may hold (watermarks of 2^63-1, which made SQLite's SUM raise "integer overflow" in the data fingerprint), written
 * directly; then the month is published and rendered.
 */
class WorstAdmittedValuesTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final Instant NOW = Instant.parse("2020-10-01T12:00:00Z");
    private static final long LATEST = NOW.plus(Duration.ofDays(1)).toEpochMilli() - 1;
    private static final long SEPTEMBER = millis("2020-09-01T00:00:00Z");
    private static final long MAX = IntervalRowCheck.MAX_COUNT;
    private static final int INTERVALS = 64;

    @TempDir
    Path dir;

    private final Catalogue catalogue = Catalogue.shipped();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Envelope.Builder envelope(String agentId, long bootEpoch, long sequence) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(bootEpoch).setSequence(sequence);
    }

    private static IntervalReport maxed(long startEpochMillis) {
        return IntervalReport.newBuilder().setMeasureId(RTT4).setScope("SKU1")
                .setIntervalStartEpochMillis(startEpochMillis).setIntervalLengthMillis(60_000).setTrtMillis(25_000)
                .setEvents(MAX).setWithinTrt(MAX - 1).setTimedOut(1).setFailed(0)
                .addExcluded(ExclusionCount.newBuilder().setReason("sm_fault").setCount(MAX)).build();
    }

    /** The worst an agent may send: every count at the bound, times at the latest instant, the largest key. */
    private List<Envelope> worstAdmitted() {
        List<Envelope> envelopes = new ArrayList<>();
        long epoch = -1; // 2^64-1 unsigned
        envelopes.add(envelope("gw-max", epoch, Long.MAX_VALUE - 2).setStatus(AgentStatus.newBuilder()
                .setState(AgentStatus.State.ONLINE).addMeasures(MeasureSource.newBuilder().setMeasureId(RTT4)
                        .setTrtMillis(25_000))).build());
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (int i = 0; i < INTERVALS; i++) {
            batch.addIntervals(maxed(SEPTEMBER + i * 60_000L));
        }
        for (String measure : List.of(RTT4, "CSPN/PM2", "CSPN/PM6.2", "CSPN/PM12.2")) {
            batch.addWatermarks(MeasureWatermark.newBuilder().setMeasureId(measure).setFinalThroughEpochMillis(LATEST));
        }
        batch.addDownWindows(DownWindow.newBuilder().setMeasureId("CSPN/PM6.2").setStartEpochMillis(SEPTEMBER)
                .setEndEpochMillis(LATEST));
        batch.addRecords(EventRecord.newBuilder().setMeasureId("CSPN/PM2").setDeviceId("d").setMessageId("m")
                .setPayloadId("p").setStartEpochMillis(SEPTEMBER).setEndEpochMillis(LATEST)
                .setLatencyMicros(Long.MAX_VALUE).setOutcome(EventRecord.Outcome.OUTSIDE_TRT));
        envelopes.add(envelope("gw-max", epoch, Long.MAX_VALUE - 1).setIntervals(batch).build());
        envelopes.add(envelope("gw-max", epoch, Long.MAX_VALUE).setIntervals(IntervalReportBatch.newBuilder()
                .addIntervals(maxed(SEPTEMBER + INTERVALS * 60_000L))).build());
        return envelopes;
    }

    /** What a store written before the bounds may hold: watermarks at 2^63-1 whose plain SUM overflows. */
    private static Envelope fromBeforeTheBounds() {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (String measure : List.of(RTT4, "CSPN/PM2", "CSPN/PM6.2")) {
            batch.addWatermarks(MeasureWatermark.newBuilder().setMeasureId(measure)
                    .setFinalThroughEpochMillis(Long.MAX_VALUE));
        }
        return envelope("gw-old", 1, 1).setIntervals(batch).build();
    }

    @Test
    void theWorstAdmittedValuesAndAnOldStoresOverflowingWatermarksStillReport() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            Counters counters = new Counters();
            IngestWorker worker = new IngestWorker(
                    new EnvelopeValidator(catalogue, 16 << 20, new WireBounds(clock, Duration.ofDays(1))), store,
                    new Responder() {
                        @Override
                        public boolean publishAck(String agentId, Ack ack) {
                            return true;
                        }
                    }, counters, clock);
            List<Inbound> batch = new ArrayList<>();
            for (Envelope envelope : worstAdmitted()) {
                String kind = envelope.hasStatus() ? "status" : "intervals";
                batch.add(new Inbound("pmr/v1/gw-max/" + kind, envelope.toByteArray()));
            }
            worker.handle(batch);
            assertEquals(batch.size(), counters.snapshot().stored(), counters.snapshot().toString());
            store.write(List.of(new StoreWrite.Accept(fromBeforeTheBounds(), NOW.toEpochMilli())));

            ReportPublisher publisher = new ReportPublisher(catalogue, store, store, clock);
            MonthlyReport report = publisher.publish(YearMonth.of(2020, 9), "worst values");

            MeasureFigure rtt4 = report.measures().stream().filter(f -> f.id().equals(RTT4)).findFirst()
                    .orElseThrow();
            assertEquals((INTERVALS + 1) * MAX, rtt4.denominator(), "the exact sum of every count at the bound");
            assertEquals((INTERVALS + 1) * (MAX - 1), rtt4.numerator());
            assertEquals((INTERVALS + 1) * MAX, rtt4.excludedTotal());
            String fingerprint = store.dataFingerprint();
            // two watermarks at the latest admitted instant, three at 2^63-1: summed exactly, not wrapped or raised
            java.math.BigInteger sum = java.math.BigInteger.valueOf(LATEST).multiply(java.math.BigInteger.valueOf(4))
                    .add(java.math.BigInteger.valueOf(Long.MAX_VALUE).multiply(java.math.BigInteger.valueOf(3)));
            assertTrue(fingerprint.contains(".w7." + sum + ".m"), fingerprint);
            assertFalse(ReportWriter.json(report).isEmpty());
            assertFalse(ReportWriter.csvTables(report).isEmpty());
            assertFalse(ReportWriter.table(report).isEmpty());
            // Published again from the same data: the same version, so the fingerprint reads the same.
            assertEquals(report.publication().version(),
                    publisher.publish(YearMonth.of(2020, 9), "again").publication().version());
        }
    }
}
