package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.EventRecordBatch;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * first_data and agent_day (schema 10) on either engine, against an independent aggregation of the intervals the
 * store said it STORED (seeded ingest with duplicates and conflicts, {@link DailyRollupsTest#ingest}); earlier data
 * arriving later lowers the first data, device records included; rebuild-rollups names a tampered, missing or extra row
 * and rebuilds it; a version 9 database is back-filled when opened. SQLite: {@link DerivedRowsTest}; PostgreSQL:
 * {@link PostgresDerivedRowsTest}.
 */
abstract class DerivedRowsContractTest {
    /** This test's database: {@code stores.open()} a new store on it, {@code stores.connect()} a plain connection. */
    final TestStores stores;

    DerivedRowsContractTest(StoreEngine engine, Path dir) {
        stores = engine.stores(dir);
    }

    /**
     * Makes the (closed) database what a version 9 build left: no first_data or agent_day, and the schema version
     * saying 9, so that the next open migrates it.
     */
    abstract void downgradeToVersion9() throws Exception;

    /** Stores a seeded ingest, makes the database a version 9 one and opens it again: the open migrates it. */
    void migrateASeededVersion9Database() throws Exception {
        try (SqliteStore store = stores.open()) {
            DailyRollupsTest.ingest(store, new Random(3));
        }
        downgradeToVersion9();
        stores.open().close();
    }

    @Test
    void firstDataAndAgentDaysEqualAnIndependentAggregationOfTheStoredIntervals() throws Exception {
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = stores.open()) {
            stored = DailyRollupsTest.ingest(store, new Random(20201025L));
        }
        Map<String, Long> first = independentFirst(stored);
        Map<String, Map<String, Integer>> days = independentDays(stored);
        assertTrue(first.size() >= 9 && days.size() >= 12, first.size() + " pairs, " + days.size() + " agent days");
        assertEquals(first, storedFirst());
        assertEquals(days, storedDays());
    }

    @Test
    void earlierDataArrivingLaterLowersTheFirstDataAndRecordsCountToo() throws Exception {
        long day = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 23));
        try (SqliteStore store = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 1, day + 600 * 60_000L + 1_234), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 600 * 60_000L), storedFirst(), "floored to its minute");
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 2, day + 700 * 60_000L), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 600 * 60_000L), storedFirst(), "later: unchanged");
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 3, day + 5 * 60_000L), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 5 * 60_000L), storedFirst(), "earlier: lowered");
            store.write(List.of(new StoreWrite.Accept(record("agent-a", 4, day + 61_001), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 61_001), storedFirst(), "a record's own start");
            assertEquals(Map.of("agent-a|" + day, Map.of("CSPN/PM4.3", 3)), storedDays());
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
    }

    @Test
    void aTamperedMissingOrExtraRowIsNamedAndRebuilt() throws Exception {
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = stores.open()) {
            stored = DailyRollupsTest.ingest(store, new Random(5));
        }
        long day = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 24));
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE first_data SET first_epoch_millis = first_epoch_millis"
                    + " + 60000 WHERE agent_id = 'agent-a' AND measure_id = 'CSPN/PM4.3'"));
            assertEquals(1, statement.executeUpdate("DELETE FROM agent_day WHERE agent_id = 'agent-b'"
                    + " AND day_start_epoch_millis = " + day));
            statement.executeUpdate("INSERT INTO first_data VALUES ('agent-z', 'CSPN/PM4.3', 5)");
        }
        try (SqliteStore store = stores.open()) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertEquals(3, check.differingRows(), check.differences().toString());
            List<String> named = check.differences();
            assertTrue(named.stream().anyMatch(d -> d.startsWith("first data (agent 'agent-a', measure CSPN/PM4.3)"
                    + " differs")), named.toString());
            assertTrue(named.stream().anyMatch(d -> d.startsWith("agent day (agent 'agent-b', day 2020-10-24)"
                    + " missing")), named.toString());
            assertTrue(named.stream().anyMatch(d -> d.startsWith("first data (agent 'agent-z', measure CSPN/PM4.3)"
                    + " has no minute rows")), named.toString());
            RollupCheck rebuilt = RollupMaintenance.rebuild(store, 10);
            assertTrue(rebuilt.equal(), rebuilt.differences().toString());
        }
        assertEquals(independentFirst(stored), storedFirst());
        assertEquals(independentDays(stored), storedDays());
    }

    @Test
    void aVersion9DatabaseIsBackFilledFromItsRollupsWhenOpened() throws Exception {
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = stores.open()) {
            stored = DailyRollupsTest.ingest(store, new Random(3));
            // records as well as intervals: the back-fill's first data reads event_record too
            long day = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 22));
            assertEquals(List.of(WriteOutcome.STORED),
                    store.write(List.of(new StoreWrite.Accept(record("agent-r", 1, day + 61_001), 1))));
        }
        downgradeToVersion9();
        try (SqliteStore store = stores.open()) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
        Map<String, Long> first = independentFirst(stored);
        first.put("agent-r|CSPN/PM4.3", UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 22)) + 61_001);
        assertEquals(first, storedFirst());
        assertEquals(independentDays(stored), storedDays());
    }

    static Envelope intervals(String agent, long sequence, long start) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addIntervals(IntervalReport.newBuilder()
                        .setMeasureId("CSPN/PM4.3").setScope("SKU1").setIntervalStartEpochMillis(start)
                        .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(1).setWithinTrt(1)))
                .build();
    }

    static Envelope record(String agent, long sequence, long start) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setEvents(EventRecordBatch.newBuilder().addRecords(EventRecord.newBuilder().setMeasureId("CSPN/PM4.3")
                        .setDeviceId("hub-1").setMessageId("m-1").setStartEpochMillis(start)
                        .setEndEpochMillis(start + 5).setOutcome(EventRecord.Outcome.WITHIN_TRT)))
                .build();
    }

    /** Per agent and measure, the earliest stored interval's minute (whole minutes from its UK day's start). */
    static Map<String, Long> independentFirst(List<DailyRollupsTest.Stored> stored) {
        Map<String, Long> first = new TreeMap<>();
        for (DailyRollupsTest.Stored s : stored) {
            long start = s.report().getIntervalStartEpochMillis();
            long day = UkCalendar.dayStartEpochMillis(UkCalendar.dayOf(start));
            first.merge(s.agentId() + "|" + s.report().getMeasureId(), day + (start - day) / 60_000L * 60_000L,
                    Math::min);
        }
        return first;
    }

    /** Per agent and UK day, per measure, the distinct minutes of its stored intervals (any scope). */
    static Map<String, Map<String, Integer>> independentDays(List<DailyRollupsTest.Stored> stored) {
        Map<String, Map<String, Set<Long>>> minutes = new TreeMap<>();
        for (DailyRollupsTest.Stored s : stored) {
            long start = s.report().getIntervalStartEpochMillis();
            long day = UkCalendar.dayStartEpochMillis(UkCalendar.dayOf(start));
            minutes.computeIfAbsent(s.agentId() + "|" + day, k -> new TreeMap<>())
                    .computeIfAbsent(s.report().getMeasureId(), k -> new HashSet<>()).add(start / 60_000L);
        }
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        minutes.forEach((key, measures) -> {
            Map<String, Integer> perMeasure = new TreeMap<>();
            measures.forEach((measure, set) -> perMeasure.put(measure, set.size()));
            counts.put(key, perMeasure);
        });
        return counts;
    }

    Map<String, Long> storedFirst() throws Exception {
        Map<String, Long> first = new TreeMap<>();
        try (Connection connection = stores.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(DerivedRows.STORED_FIRST_SQL)) {
            while (rs.next()) {
                first.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
            }
        }
        return first;
    }

    Map<String, Map<String, Integer>> storedDays() throws Exception {
        Map<String, Map<String, Integer>> days = new TreeMap<>();
        try (Connection connection = stores.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(DerivedRows.STORED_AGENT_DAYS_SQL)) {
            while (rs.next()) {
                days.put(rs.getString(1) + "|" + rs.getLong(2), new TreeMap<>(AgentDayMinutes.decode(rs.getBytes(3))
                        .minutes()));
            }
        }
        return days;
    }
}
