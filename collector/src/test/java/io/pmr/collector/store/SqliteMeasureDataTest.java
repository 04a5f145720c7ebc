package io.pmr.collector.store;

import io.pmr.collector.data.MeasureCounts;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.data.MeasureData;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.EventRecordBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMeasureDataTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final String PM12 = "CSPN/PM12.2";
    private static final long SEP = millis("2020-08-31T23:00:00Z");
    private static final long OCT = millis("2020-09-30T23:00:00Z");

    @TempDir
    Path dir;

    private static StoreWrite accept(Envelope envelope) {
        return new StoreWrite.Accept(envelope, 1);
    }

    private static EventRecord record(String device, String message, String start, EventRecord.Outcome outcome) {
        return EventRecord.newBuilder().setMeasureId(PM12).setDeviceId(device).setMessageId(message)
                .setStartEpochMillis(millis(start)).setEndEpochMillis(millis(start) + 1_000).setOutcome(outcome)
                .setOutageId("O1").build();
    }

    private static Envelope events(String agent, long sequence, EventRecord... records) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setEvents(EventRecordBatch.newBuilder().addAllRecords(List.of(records))).build();
    }

    @Test
    void intervalCountsSumAMeasureAndScopeOverTheRange() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            store.write(List.of(
                    accept(intervals("a", 1, 1, interval(RTT4, SEP, 25_000, 10, 9),
                            interval(RTT4, SEP + 60_000, 25_000, 5, 5).toBuilder().setScope("SKU2").build(),
                            interval("CSPC/PM4.3", SEP, 25_000, 100, 1))),
                    accept(intervals("b", 1, 1, interval(RTT4, OCT - 60_000, 25_000, 7, 6),
                            interval(RTT4, OCT, 25_000, 1000, 1000), interval(RTT4, SEP - 60_000, 25_000, 1000, 0))),
                    // a duplicate adds nothing
                    accept(intervals("a", 1, 1, interval(RTT4, SEP, 25_000, 10, 9)))));
            MeasureData data = store;
            // 10 + 5 + 7 events (the intervals at OCT and before SEP are outside), 9 + 5 + 6 within
            assertEquals(new MeasureCounts(22, 20, 2, 0), data.intervalCounts(RTT4, null, SEP, OCT));
            assertEquals(new MeasureCounts(22, 20, 2, 0), data.intervalCounts(RTT4, "*", SEP, OCT));
            assertEquals(new MeasureCounts(17, 15, 2, 0), data.intervalCounts(RTT4, "SKU1", SEP, OCT));
            assertEquals(new MeasureCounts(5, 5, 0, 0), data.intervalCounts(RTT4, "SKU2", SEP, OCT));
            assertEquals(MeasureCounts.ZERO, data.intervalCounts(RTT4, "SKU3", SEP, OCT));
            assertEquals(MeasureCounts.ZERO, data.intervalCounts("NOPE", null, SEP, OCT));
        }
    }

    @Test
    void deviceRecordsCountOncePerDeviceAndMessageEarliestStoredWins() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            store.write(List.of(accept(events("a", 1,
                    record("H1", "M1", "2020-09-05T02:00:00Z", EventRecord.Outcome.WITHIN_TRT),
                    record("H2", "M1", "2020-09-05T02:00:01Z", EventRecord.Outcome.TIMED_OUT),
                    record("H3", "M1", "2020-09-30T23:00:00Z", EventRecord.Outcome.WITHIN_TRT)))));
            String before = store.dataFingerprint();
            // the same (device, message) sent again by another agent, with another outcome: the first stored wins
            store.write(List.of(accept(events("b", 1,
                    record("H1", "M1", "2020-09-05T02:00:00Z", EventRecord.Outcome.OUTSIDE_TRT),
                    record("H1", "M2", "2020-09-05T03:00:00Z", EventRecord.Outcome.WITHIN_TRT)))));
            assertNotEquals(before, store.dataFingerprint());

            List<DeviceRecord> records = store.deviceRecords(PM12, SEP, OCT);
            assertEquals(List.of(
                    new DeviceRecord(PM12, "H1", "M1", "", millis("2020-09-05T02:00:00Z"),
                            millis("2020-09-05T02:00:01Z"), "WITHIN_TRT", "O1", "a"),
                    new DeviceRecord(PM12, "H2", "M1", "", millis("2020-09-05T02:00:01Z"),
                            millis("2020-09-05T02:00:02Z"), "TIMED_OUT", "O1", "a"),
                    new DeviceRecord(PM12, "H1", "M2", "", millis("2020-09-05T03:00:00Z"),
                            millis("2020-09-05T03:00:01Z"), "WITHIN_TRT", "O1", "b")), records);
            // H3 started at the period's end: October
            assertEquals(List.of("H3"), store.deviceRecords(PM12, OCT, OCT + 86_400_000L).stream()
                    .map(DeviceRecord::deviceId).toList());
            assertEquals(List.of(), store.deviceRecords(RTT4, SEP, OCT));
        }
    }

    @Test
    void theDeviceRecordQuerySearchesIndexes() throws Exception {
        SqliteStore.open(dir.resolve("pmr.db")).close(); // creates the schema and its indexes
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("pmr.db"));
                var query = connection.prepareStatement("EXPLAIN QUERY PLAN " + SqliteRecordReads.DEVICE_RECORDS_SQL)) {
            query.setString(1, PM12);
            query.setLong(2, SEP);
            query.setLong(3, OCT);
            StringBuilder plan = new StringBuilder();
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(4)).append('\n');
                }
            }
            assertTrue(!plan.toString().contains("SCAN"), plan.toString());
        }
    }

    @Test
    void reportVersionsAreNumberedAndPersistAcrossReopening() {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(List.of(), store.reportVersions("2020-09"));
            ReportVersion first = store.saveReportVersion("2020-09", 100, "first", store.dataFingerprint(), "{\"v\":1}");
            assertEquals(1, first.version());
            store.saveReportVersion("2020-10", 150, "first", "f", "{}");
            ReportVersion second = store.saveReportVersion("2020-09", 200, "late data", "f2", "{\"v\":2}");
            assertEquals(2, second.version());
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            List<ReportVersion> versions = store.reportVersions("2020-09");
            assertEquals(2, versions.size());
            assertEquals(new ReportVersion("2020-09", 2, 200, "late data", "f2", "{\"v\":2}"), versions.get(1));
            assertEquals("first", versions.get(0).reason());
            assertEquals(Optional.of(versions.get(0)), store.reportVersion("2020-09", 1));
            assertEquals(Optional.empty(), store.reportVersion("2020-09", 3));
            assertEquals(3, store.saveReportVersion("2020-09", 300, "correction", "f3", "{}").version());
        }
    }

    @Test
    void theFingerprintMovesWithDataNotWithDuplicatesOrQuarantine() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            String empty = store.dataFingerprint();
            store.write(List.of(accept(intervals("a", 1, 1, interval(RTT4, SEP, 25_000, 10, 9)))));
            String withData = store.dataFingerprint();
            assertNotEquals(empty, withData);
            store.write(List.of(accept(intervals("a", 1, 1, interval(RTT4, SEP, 25_000, 10, 9))),
                    new StoreWrite.Quarantine("pmr/v1/a/intervals", "garbage", "not protobuf", new byte[3], 3, null,
                            1)));
            assertEquals(withData, store.dataFingerprint());
            store.write(List.of(accept(io.pmr.collector.TestEnvelopes.watermark("a", 1, 2, RTT4, OCT))));
            assertNotEquals(withData, store.dataFingerprint());
        }
    }
}
