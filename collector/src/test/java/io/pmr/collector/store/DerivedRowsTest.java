package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecordBatch;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * first_data and agent_day (schema 10) against an independent aggregation of the intervals the store said it STORED
 * (seeded ingest with duplicates and conflicts, {@link DailyRollupsTest#ingest}); earlier data arriving later lowers
 * the first data, device records included; rebuild-rollups names a tampered, missing or extra row and rebuilds it; a
 * version 9 file is back-filled when opened; ingest's read-back of a day's scopes is a primary key search.
 */
class DerivedRowsTest {
    @TempDir
    Path dir;

    @Test
    void firstDataAndAgentDaysEqualAnIndependentAggregationOfTheStoredIntervals() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(20201025L));
        }
        Map<String, Long> first = independentFirst(stored);
        Map<String, Map<String, Integer>> days = independentDays(stored);
        assertTrue(first.size() >= 9 && days.size() >= 12, first.size() + " pairs, " + days.size() + " agent days");
        assertEquals(first, storedFirst(file));
        assertEquals(days, storedDays(file));
    }

    @Test
    void earlierDataArrivingLaterLowersTheFirstDataAndRecordsCountToo() throws Exception {
        Path file = dir.resolve("pmr.db");
        long day = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 23));
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 1, day + 600 * 60_000L + 1_234), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 600 * 60_000L), storedFirst(file), "floored to its minute");
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 2, day + 700 * 60_000L), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 600 * 60_000L), storedFirst(file), "later: unchanged");
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 3, day + 5 * 60_000L), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 5 * 60_000L), storedFirst(file), "earlier: lowered");
            store.write(List.of(new StoreWrite.Accept(record("agent-a", 4, day + 61_001), 1)));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", day + 61_001), storedFirst(file), "a record's own start");
            assertEquals(Map.of("agent-a|" + day, Map.of("CSPN/PM4.3", 3)), storedDays(file));
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
    }

    @Test
    void aTamperedMissingOrExtraRowIsNamedAndRebuilt() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(5));
        }
        long day = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 24));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE first_data SET first_epoch_millis = first_epoch_millis"
                    + " + 60000 WHERE agent_id = 'agent-a' AND measure_id = 'CSPN/PM4.3'"));
            assertEquals(1, statement.executeUpdate("DELETE FROM agent_day WHERE agent_id = 'agent-b'"
                    + " AND day_start_epoch_millis = " + day));
            statement.executeUpdate("INSERT INTO first_data VALUES ('agent-z', 'CSPN/PM4.3', 5)");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
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
        assertEquals(independentFirst(stored), storedFirst(file));
        assertEquals(independentDays(stored), storedDays(file));
    }

    @Test
    void aVersion9FileIsBackFilledFromItsRollupsWhenOpened() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(3));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE first_data");
            statement.execute("DROP TABLE agent_day");
            statement.execute("UPDATE schema_version SET version = 9");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
        assertEquals(independentFirst(stored), storedFirst(file));
        assertEquals(independentDays(stored), storedDays(file));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(SqliteSchema.VERSION, rs.getInt(1));
        }
    }

    @Test
    void ingestReadsBackADaysScopesAndItsAgentDayByPrimaryKey() throws Exception {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            DailyRollupsTest.ingest(store, new Random(17));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            String scopes = plan(statement, "SELECT minutes FROM daily_rollup WHERE measure_id = 'CSPN/PM4.3'"
                    + " AND day_start_epoch_millis = 1 AND agent_id = 'agent-a'");
            assertTrue(scopes.contains("SEARCH daily_rollup USING PRIMARY KEY") && !scopes.contains("SCAN"), scopes);
            String day = plan(statement, "SELECT measure_minutes FROM agent_day WHERE day_start_epoch_millis = 1"
                    + " AND agent_id = 'agent-a'");
            assertTrue(day.contains("SEARCH agent_day USING") && !day.contains("SCAN"), day);
            // the v10 back-fill streams agent by agent in an index's order: no sort of every rollup
            String backfill = plan(statement, DerivedRows.STORED_MINUTES_SQL);
            assertTrue(backfill.contains("daily_rollup_agent") && !backfill.contains("TEMP B-TREE"), backfill);
        }
    }

    @Test
    void rollupsOutOfAgentOrderAreRefusedNotMiscounted() throws Exception {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore ignored = SqliteStore.open(file)) {
            // the schema only
        }
        long[] minutes = new long[RollupCodec.MINUTE_WORDS];
        minutes[0] = 1;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                DerivedRows rows = DerivedRows.checking(connection, 10, new java.util.ArrayList<>())) {
            rows.addRollup("agent-b", "CSPN/PM4.3", 0, minutes);
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> rows.addRollup("agent-a", "CSPN/PM4.3", 0, minutes));
            assertTrue(e.getMessage().contains("'agent-a' after 'agent-b'"), e.getMessage());
        }
    }

    private static String plan(Statement statement, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(4)).append('\n');
            }
        }
        return plan.toString();
    }

    private static Envelope intervals(String agent, long sequence, long start) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addIntervals(IntervalReport.newBuilder()
                        .setMeasureId("CSPN/PM4.3").setScope("SKU1").setIntervalStartEpochMillis(start)
                        .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(1).setWithinTrt(1)))
                .build();
    }

    private static Envelope record(String agent, long sequence, long start) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setEvents(EventRecordBatch.newBuilder().addRecords(EventRecord.newBuilder().setMeasureId("CSPN/PM4.3")
                        .setDeviceId("hub-1").setMessageId("m-1").setStartEpochMillis(start)
                        .setEndEpochMillis(start + 5).setOutcome(EventRecord.Outcome.WITHIN_TRT)))
                .build();
    }

    /** Per agent and measure, the earliest stored interval's minute (whole minutes from its UK day's start). */
    private static Map<String, Long> independentFirst(List<DailyRollupsTest.Stored> stored) {
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
    private static Map<String, Map<String, Integer>> independentDays(List<DailyRollupsTest.Stored> stored) {
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

    private static Map<String, Long> storedFirst(Path file) throws Exception {
        Map<String, Long> first = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(DerivedRows.STORED_FIRST_SQL)) {
            while (rs.next()) {
                first.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
            }
        }
        return first;
    }

    private static Map<String, Map<String, Integer>> storedDays(Path file) throws Exception {
        Map<String, Map<String, Integer>> days = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
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
