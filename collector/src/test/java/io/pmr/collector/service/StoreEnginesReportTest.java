package io.pmr.collector.service;

import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreLocation;
import io.pmr.collector.store.StoreWrite;
import io.pmr.collector.store.WriteOutcome;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.ExclusionCount;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import io.pmr.proto.v1.MeasureSource;
import io.pmr.proto.v1.MeasureWatermark;
import io.pmr.testkit.PostgresCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same envelopes ingested into a SQLite file and into a PostgreSQL database give the same report, byte for byte:
 * report.json, report.csv, the table CSVs, the page and every .hlog file. The month is seeded and covers what the
 * engine reads differently: minute rows at the UK month's partial edge days (and across PostgreSQL's UTC month
 * partitions), rollups and totals of whole days, histograms, exclusions, firmware payloads retried after the month,
 * outages above and below 50 hubs, first-time connectivity, down windows, duplicates and a conflict.
 */
class StoreEnginesReportTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    private static final long FROM = millis("2020-08-31T20:00:00Z"); // before the UK month (starts 23:00 UTC)
    private static final long TO = millis("2020-10-01T02:00:00Z"); // after it
    private static final long MINUTE = 60_000;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-10-03T09:00:00Z"), ZoneOffset.UTC);
    private static final String RTT = "CSPN/PM4.3";
    private static final String FIRMWARE = "CSPN/PM2";
    private static final String OUTAGE = "CSPN/PM12.2";
    private static final String AVAILABILITY = "CSPN/PM6.2";
    private static final String CONNECTIVITY = "CSPN/PM1.2";
    private static final List<String> MEASURES = List.of(RTT, FIRMWARE, OUTAGE, AVAILABILITY, CONNECTIVITY);

    @TempDir
    Path dir;

    @Test
    void reportFromPostgresIsByteIdenticalToSqlites() throws IOException {
        List<List<StoreWrite>> batches = month(new SplittableRandom(20200901L));
        PostgresCluster cluster = PostgresCluster.shared();
        StoreLocation postgres = new StoreLocation.Postgres("127.0.0.1", cluster.port(), cluster.createDatabase(), "",
                cluster.user(), cluster.password());
        Catalogue catalogue = Catalogue.shipped();
        try (SqliteStore sqlite = SqliteStore.open(dir.resolve("pmr.db"));
                SqliteStore pg = SqliteStore.open(postgres)) {
            for (List<StoreWrite> batch : batches) {
                List<WriteOutcome> outcomes = sqlite.write(batch);
                assertEquals(outcomes, pg.write(batch), "the same outcome for every item");
            }
            assertEquals(sqlite.envelopeCount(), pg.envelopeCount());
            assertEquals(sqlite.conflicts(10), pg.conflicts(10));
            assertEquals(sqlite.dataFingerprint(), pg.dataFingerprint());

            Map<String, String> fromSqlite = report(ReportService.over(sqlite, CLOCK), catalogue,
                    dir.resolve("sqlite"));
            Map<String, String> fromPg = report(ReportService.over(pg, CLOCK), catalogue, dir.resolve("pg"));

            assertEquals(fromSqlite.keySet(), fromPg.keySet());
            for (Map.Entry<String, String> file : fromSqlite.entrySet()) {
                assertEquals(file.getValue(), fromPg.get(file.getKey()), file.getKey() + " differs");
            }
            assertTrue(fromSqlite.keySet().stream().anyMatch(name -> name.endsWith(".hlog")), fromSqlite::toString);
            MonthlyReport figures = ReportService.over(pg, CLOCK).figures(catalogue, SEPTEMBER);
            for (String measure : MEASURES) {
                MeasureFigure figure = figures.measures().stream().filter(f -> f.id().equals(measure))
                        .findFirst().orElseThrow();
                assertTrue(figure.denominator() > 0, measure + " has data in the month: " + figure);
            }
        }
    }

    /** report.json and every file the command writes beside it, by name. */
    private static Map<String, String> report(ReportService service, Catalogue catalogue, Path out)
            throws IOException {
        MonthlyReport report = service.publish(catalogue, SEPTEMBER, "engines compared");
        Files.createDirectories(out);
        ReportWriter.writeJson(report, out.resolve("report.json"));
        ReportWriter.writeCsv(report, out.resolve("report.csv"));
        ReportWriter.writeCsvTables(report, out);
        service.writeViews(report, out);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(out)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(out.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }

    /** A seeded month of four agents' envelopes, in write batches as the ingest makes them. */
    private static List<List<StoreWrite>> month(SplittableRandom random) {
        List<List<StoreWrite>> batches = new ArrayList<>();
        List<StoreWrite> batch = new ArrayList<>();
        List<Envelope> sent = new ArrayList<>();
        for (int agent = 0; agent < 4; agent++) {
            String agentId = "agent-" + agent;
            long sequence = 1;
            AgentStatus.Builder status = AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE).setRegion("north")
                    .setSoftwareVersion("test");
            for (String measure : MEASURES) {
                status.addMeasures(MeasureSource.newBuilder().setMeasureId(measure).setTrtMillis(25_000));
            }
            batch.add(accept(base(agentId, sequence++).setStatus(status).build(), sent));
            for (long hour = FROM; hour < TO; hour += 60 * MINUTE) {
                IntervalReportBatch.Builder body = IntervalReportBatch.newBuilder();
                for (long minute = hour; minute < hour + 60 * MINUTE; minute += MINUTE) {
                    if (random.nextInt(10) == 0) {
                        body.addIntervals(interval(random, minute));
                    }
                }
                if (random.nextInt(20) == 0) {
                    body.addAllRecords(firmware(random, agentId, hour));
                }
                if (random.nextInt(40) == 0) {
                    body.addDownWindows(DownWindow.newBuilder().setMeasureId(AVAILABILITY).setStartEpochMillis(hour)
                            .setEndEpochMillis(hour + random.nextLong(1, 50) * MINUTE));
                }
                if (random.nextInt(30) == 0) {
                    body.addRecords(EventRecord.newBuilder().setMeasureId(CONNECTIVITY)
                            .setDeviceId("hub-" + agent + "-" + hour).setMessageId("install-" + hour)
                            .setStartEpochMillis(hour).setEndEpochMillis(hour + random.nextLong(1, 40) * 86_400_000L)
                            .setOutcome(random.nextInt(5) == 0 ? EventRecord.Outcome.OUTSIDE_TRT
                                    : EventRecord.Outcome.WITHIN_TRT));
                }
                batch.add(accept(base(agentId, sequence++).setIntervals(body).build(), sent));
                if (batch.size() >= 1 + random.nextInt(40)) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                }
            }
            // outages: one of 70 hubs (PM12.2) and one of 12 (routed to PM12.1), alerts across agents
            IntervalReportBatch.Builder outages = IntervalReportBatch.newBuilder();
            for (int hub = 0; hub < (agent == 0 ? 70 : 12); hub++) {
                long start = millis("2020-09-20T03:00:00Z") + agent * 3_600_000L + hub * 1_000L;
                outages.addRecords(EventRecord.newBuilder().setMeasureId(OUTAGE).setDeviceId("hub-" + hub)
                        .setMessageId("alert-" + agent + "-" + hub).setStartEpochMillis(start)
                        .setEndEpochMillis(start + random.nextLong(1_000, 90_000)).setOutageId("outage-" + agent)
                        .setOutcome(random.nextInt(10) == 0 ? EventRecord.Outcome.TIMED_OUT
                                : EventRecord.Outcome.WITHIN_TRT));
            }
            for (String measure : MEASURES) {
                outages.addWatermarks(MeasureWatermark.newBuilder().setMeasureId(measure)
                        .setFinalThroughEpochMillis(TO + 86_400_000L));
            }
            batch.add(accept(base(agentId, sequence).setIntervals(outages).build(), sent));
        }
        // every envelope again (duplicates), and one key with other content (a conflict)
        for (int i = 0; i < sent.size(); i += 7) {
            batch.add(new StoreWrite.Accept(sent.get(i), 9_000L));
        }
        Envelope victim = sent.get(3);
        Envelope other = victim.toBuilder().setCreatedEpochMillis(victim.getCreatedEpochMillis() + 1).build();
        batch.add(new StoreWrite.Accept(other, 9_001L));
        batch.add(new StoreWrite.Duplicate(new EnvelopeKey(victim.getAgentId(), victim.getBootEpoch(),
                victim.getSequence()), victim.toByteArray(), 9_002L));
        batch.add(new StoreWrite.Quarantine("pmr/v1/agent-9/intervals", "invalid", "a test's hostile message",
                new byte[] {1, 2, 3}, 3, null, 9_003L));
        batches.add(batch);
        return batches;
    }

    private static Envelope.Builder base(String agentId, long sequence) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(1_600_000_000_000L).setSequence(sequence)
                .setCreatedEpochMillis(FROM + sequence);
    }

    private static StoreWrite accept(Envelope envelope, List<Envelope> sent) {
        sent.add(envelope);
        return new StoreWrite.Accept(envelope, 5_000L);
    }

    private static IntervalReport interval(SplittableRandom random, long startEpochMillis) {
        long events = random.nextLong(1, 40);
        long within = random.nextLong(0, events + 1);
        long failed = random.nextLong(0, events - within + 1);
        IntervalReport.Builder report = IntervalReport.newBuilder().setMeasureId(RTT)
                .setScope(random.nextBoolean() ? "SKU1" : "SKU2").setIntervalStartEpochMillis(startEpochMillis)
                .setIntervalLengthMillis(MINUTE).setTrtMillis(25_000).setEvents(events).setWithinTrt(within)
                .setFailed(failed).setTimedOut(events - within - failed);
        Histogram histogram = new Histogram(1, 86_400_000L, 3);
        for (long i = 0; i < events; i++) {
            histogram.recordValue(random.nextLong(1, 60_000));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        report.setHistogram(ByteString.copyFrom(buffer.array(), 0, length)).setHistogramUnit(LatencyUnit.MILLISECONDS);
        if (random.nextInt(10) == 0) {
            report.addExcluded(ExclusionCount.newBuilder().setReason("maintenance").setCount(random.nextLong(1, 5)));
        }
        return report.build();
    }

    /** A payload's attempts to one hub; some retried after the month's end (they count in the first's month). */
    private static List<EventRecord> firmware(SplittableRandom random, String agentId, long startEpochMillis) {
        List<EventRecord> attempts = new ArrayList<>();
        String payload = "payload-" + agentId + "-" + startEpochMillis;
        int count = 1 + random.nextInt(3);
        for (int attempt = 0; attempt < count; attempt++) {
            long start = startEpochMillis + attempt * 20L * 86_400_000L / 3;
            attempts.add(EventRecord.newBuilder().setMeasureId(FIRMWARE).setDeviceId("hub-" + startEpochMillis)
                    .setMessageId(payload + "-" + attempt).setPayloadId(payload).setStartEpochMillis(start)
                    .setEndEpochMillis(start + random.nextLong(1, 30) * 3_600_000L)
                    .setOutcome(random.nextInt(3) == 0 ? EventRecord.Outcome.OUTSIDE_TRT
                            : EventRecord.Outcome.WITHIN_TRT).build());
        }
        return attempts;
    }
}
