package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-device records riding in interval batches: stored with their watermark, grouped reads, old databases. */
class SqliteDeviceRecordsTest {
    private static final String PM2 = "CSPN/PM2";
    private static final String PM122 = "CSPN/PM12.2";
    private static final long SEP = millis("2020-08-31T23:00:00Z");
    private static final long OCT = millis("2020-09-30T23:00:00Z");

    @TempDir
    Path dir;

    private static EventRecord payload(String payload, String hub, String message, String start,
            EventRecord.Outcome outcome) {
        return EventRecord.newBuilder().setMeasureId(PM2).setDeviceId(hub).setMessageId(message)
                .setStartEpochMillis(millis(start)).setEndEpochMillis(millis(start) + 3_600_000).setOutcome(outcome)
                .setPayloadId(payload).build();
    }

    private static EventRecord alert(String outage, String hub, String start) {
        return EventRecord.newBuilder().setMeasureId(PM122).setDeviceId(hub).setMessageId("a-" + hub)
                .setStartEpochMillis(millis(start)).setEndEpochMillis(millis(start) + 10_000)
                .setOutcome(EventRecord.Outcome.WITHIN_TRT).setOutageId(outage).build();
    }

    private static Envelope batch(long sequence, long watermark, EventRecord... records) {
        return Envelope.newBuilder().setAgentId("a").setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder()
                        .addIntervals(interval(PM2, SEP, 86_400_000, records.length, 0))
                        .addAllRecords(List.of(records))
                        .addWatermarks(MeasureWatermark.newBuilder().setMeasureId(PM2)
                                .setFinalThroughEpochMillis(watermark)))
                .build();
    }

    @Test
    void recordsOfAnIntervalBatchAreStoredWithItsWatermarkAndADuplicateAddsNothing() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            Envelope envelope = batch(1, OCT, payload("P1", "h1", "m1", "2020-09-10T08:00:00Z",
                    EventRecord.Outcome.FAILED), payload("P1", "h1", "m2", "2020-09-11T08:00:00Z",
                    EventRecord.Outcome.WITHIN_TRT));
            assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(new StoreWrite.Accept(envelope, 1))));
            String stored = store.dataFingerprint();
            assertEquals(List.of(WriteOutcome.DUPLICATE), store.write(List.of(new StoreWrite.Accept(envelope, 2))));
            assertEquals(stored, store.dataFingerprint());

            List<DeviceRecord> records = store.deviceRecords(PM2, SEP, OCT);
            assertEquals(List.of("P1", "P1"), records.stream().map(DeviceRecord::payloadId).toList());
            assertEquals(List.of("m1", "m2"), records.stream().map(DeviceRecord::messageId).toList());
            assertEquals(Map.of("a", OCT), store.periodData(SEP, OCT).watermarks().get(PM2));
        }
    }

    @Test
    void groupReadsBringEveryRecordOfAGroupWithARecordInTheRange() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            store.write(List.of(new StoreWrite.Accept(batch(1, OCT,
                    payload("P1", "h1", "m1", "2020-09-29T08:00:00Z", EventRecord.Outcome.FAILED),
                    payload("P1", "h1", "m2", "2020-10-03T08:00:00Z", EventRecord.Outcome.WITHIN_TRT),
                    payload("P2", "h2", "m3", "2020-10-04T08:00:00Z", EventRecord.Outcome.WITHIN_TRT),
                    payload("P0", "h0", "m0", "2020-08-20T08:00:00Z", EventRecord.Outcome.FAILED),
                    payload("P0", "h0", "m4", "2020-09-02T08:00:00Z", EventRecord.Outcome.WITHIN_TRT),
                    alert("O1", "h5", "2020-09-30T22:59:59Z"),
                    alert("O1", "h6", "2020-09-30T23:00:05Z"),
                    alert("O2", "h7", "2020-09-30T23:00:06Z")), 1)));
            // P1 retried after the range and P0 first tried before it: both whole; P2 has nothing in the range
            assertEquals(List.of("m0", "m4", "m1", "m2"), store.deviceRecordGroups(PM2, SEP, OCT).stream()
                    .map(DeviceRecord::messageId).toList());
            // O1 straddles the range's end: whole; O2 lies after it
            assertEquals(List.of("h5", "h6"), store.deviceRecordGroups(PM122, SEP, OCT).stream()
                    .map(DeviceRecord::deviceId).toList());
            // a duplicate record (same measure, device and message, another agent) is read once
            store.write(List.of(new StoreWrite.Accept(Envelope.newBuilder(batch(1, OCT,
                    alert("O1", "h5", "2020-09-30T22:59:59Z"))).setAgentId("b").build(), 2)));
            assertEquals(2, store.deviceRecordGroups(PM122, SEP, OCT).size());
        }
    }

    @Test
    void theGroupQuerySearchesIndexes() throws Exception {
        SqliteStore.open(dir.resolve("pmr.db")).close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("pmr.db"));
                var query = connection.prepareStatement("EXPLAIN QUERY PLAN "
                        + SqliteRecordReads.DEVICE_RECORD_GROUPS_SQL)) {
            query.setString(1, PM2);
            query.setLong(2, SEP);
            query.setLong(3, OCT);
            StringBuilder plan = new StringBuilder();
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(4)).append('\n');
                }
            }
            // the only scan is of the picked rows; no subquery runs once per row; outages by their own index
            for (String line : plan.toString().split("\n")) {
                assertFalse(line.startsWith("SCAN") && !line.contains("picked"), plan.toString());
                assertFalse(line.contains("CORRELATED LIST"), plan.toString());
            }
            assertTrue(plan.toString().contains("INDEX event_record_outage"), plan.toString());
        }
    }

    @Test
    void anOldDatabaseGainsThePayloadColumnAndKeepsItsRecords() throws Exception {
        Path file = dir.resolve("old.db");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (2)");
            statement.execute("CREATE TABLE event_record (agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL,"
                    + " sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL, measure_id TEXT NOT NULL,"
                    + " device_id TEXT NOT NULL, message_id TEXT NOT NULL, start_epoch_millis INTEGER NOT NULL,"
                    + " end_epoch_millis INTEGER NOT NULL, outcome TEXT NOT NULL, latency_micros INTEGER NOT NULL,"
                    + " outage_id TEXT NOT NULL, PRIMARY KEY (agent_id, boot_epoch, sequence, ordinal))");
            statement.execute("INSERT INTO event_record VALUES ('a', 1, 1, 0, 'CSPN/PM12.2', 'h1', 'm1', "
                    + millis("2020-09-05T00:00:00Z") + ", 0, 'TIMED_OUT', 0, 'O1')");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            List<DeviceRecord> records = store.deviceRecordGroups(PM122, SEP, OCT);
            assertEquals(1, records.size());
            assertEquals("", records.get(0).payloadId());
            assertEquals("O1", records.get(0).outageId());
            store.write(List.of(new StoreWrite.Accept(batch(2, OCT,
                    payload("P1", "h1", "m1", "2020-09-10T08:00:00Z", EventRecord.Outcome.WITHIN_TRT)), 1)));
            assertEquals("P1", store.deviceRecords(PM2, SEP, OCT).get(0).payloadId());
        }
        try (SqliteStore reopened = SqliteStore.open(file); // a second open finds the column and adds nothing
                var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                var rs = connection.createStatement().executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(SqliteSchema.VERSION, rs.getInt(1));
            assertEquals(2, reopened.deviceRecords(PM2, SEP, OCT).size() + reopened.deviceRecords(PM122, SEP, OCT)
                    .size());
        }
    }
}
