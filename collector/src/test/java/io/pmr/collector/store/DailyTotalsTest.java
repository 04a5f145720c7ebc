package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.IntervalReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-agent daily totals (daily_total) against an independent aggregation of the intervals the store said it
 * STORED (seeded ingest with duplicates and conflicts, {@link DailyRollupsTest#ingest}); rebuild-rollups names a
 * tampered, missing or extra total; a version 8 file is back-filled from its rollups when opened, and one whose
 * rollups are damaged from its minute rows.
 */
class DailyTotalsTest {
    @TempDir
    Path dir;

    @Test
    void totalsEqualAnIndependentAggregationOfTheStoredIntervals() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(20201025L));
        }
        Map<String, String> expected = independentTotals(stored);
        assertTrue(expected.size() >= 20, "several measures, scopes and days: " + expected.size());
        assertSame(expected, storedTotals(file));
    }

    @Test
    void aTamperedMissingOrExtraTotalIsNamedAndRebuilt() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(5));
        }
        long day = UkCalendar.dayStartEpochMillis(java.time.LocalDate.of(2020, 10, 24));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE daily_total SET within_trt = within_trt + 2"
                    + " WHERE measure_id = 'CSPN/PM4.3' AND scope = 'SKU1' AND day_start_epoch_millis = " + day));
            assertEquals(1, statement.executeUpdate("DELETE FROM daily_total WHERE measure_id = 'DSP/PM1.2'"
                    + " AND scope = 'SKU2' AND day_start_epoch_millis = " + day));
            statement.executeUpdate("INSERT INTO daily_total SELECT 'NO/SUCH', scope, day_start_epoch_millis,"
                    + " intervals, events, within_trt, timed_out, failed, histogram FROM daily_total LIMIT 1");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertEquals(3, check.differingRows(), check.differences().toString());
            assertEquals(check.rollupRows(), check.freshRows(), "the rollups themselves are intact");
            List<String> named = check.differences();
            assertTrue(named.stream().anyMatch(d -> d.startsWith("daily total (measure CSPN/PM4.3, scope 'SKU1',"
                    + " day 2020-10-24) differs: within_trt")), named.toString());
            assertTrue(named.stream().anyMatch(d -> d.startsWith("daily total (measure DSP/PM1.2, scope 'SKU2',"
                    + " day 2020-10-24) missing")), named.toString());
            assertTrue(named.stream().anyMatch(d -> d.startsWith("daily total (measure NO/SUCH")
                    && d.contains("no minute rows")), named.toString());

            RollupCheck rebuilt = RollupMaintenance.rebuild(store, 10);
            assertTrue(rebuilt.equal(), rebuilt.differences().toString());
            assertEquals(rebuilt.freshTotalRows(), rebuilt.totalRows());
        }
        assertSame(independentTotals(stored), storedTotals(file));
    }

    @Test
    void aVersion8FileIsBackFilledFromItsRollupsWhenOpened() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(3));
        }
        downgradeToVersion8(file);
        try (SqliteStore store = SqliteStore.open(file)) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
            assertTrue(check.totalRows() > 0);
        }
        assertSame(independentTotals(stored), storedTotals(file));
        assertEquals(SqliteSchema.VERSION, version(file));
    }

    @Test
    void aVersion8FileWithADamagedRollupIsBackFilledFromItsMinuteRows() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<DailyRollupsTest.Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = DailyRollupsTest.ingest(store, new Random(13));
        }
        downgradeToVersion8(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE daily_rollup SET histogram = x'ffffffff' WHERE"
                    + " (agent_id, measure_id, scope, day_start_epoch_millis) = (SELECT agent_id, measure_id, scope,"
                    + " day_start_epoch_millis FROM daily_rollup WHERE histogram IS NOT NULL LIMIT 1)"));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
        assertSame(independentTotals(stored), storedTotals(file));
    }

    @Test
    void theReportsReadsSearchTotalsAndRollupsByKeyNeverScanningRollupsOrMinuteRows() throws Exception {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            DailyRollupsTest.ingest(store, new Random(17));
        }
        long from = UkCalendar.dayStartEpochMillis(java.time.LocalDate.of(2020, 10, 23));
        long to = UkCalendar.dayStartEpochMillis(java.time.LocalDate.of(2020, 10, 27));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            for (String sql : List.of(SqliteRollupReads.COUNTS_BY_MEASURE_SQL, SqliteRollupReads.COUNTS_SQL,
                    SqliteRollupReads.COUNTS_SQL + " AND scope = 'SKU1'", SqliteRollupReads.HISTOGRAMS_SQL,
                    SqliteRollupReads.DAILY_SQL)) {
                String plan = plan(connection, sql, from, to);
                assertTrue(plan.contains("SEARCH daily_total") && !plan.contains("SCAN"), sql + "\n" + plan);
            }
            // the completeness view: a range of the agent days by their key, never the rollups
            String agentDays = plan(connection, SqliteRollupReads.AGENT_DAYS_SQL, from, to);
            assertTrue(agentDays.contains("SEARCH agent_day USING") && !agentDays.contains("SCAN")
                    && !agentDays.contains("daily_rollup"), agentDays);
            // the declarations' first data: one row per agent and measure, never the rollups or minute rows
            String first = plan(connection, SqliteSources.FIRST_DATA_SQL, from, to);
            assertTrue(!first.contains("daily_rollup") && !first.contains("interval_report"), first);
        }
    }

    @Test
    void anAgentsFirstDeclarationCountsFromItsEarliestIntervalOfADeclaredMeasureInOneGroupedRead() {
        long day = UkCalendar.dayStartEpochMillis(java.time.LocalDate.of(2020, 10, 23));
        long declaredAt = day + 86_400_000L;
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            for (String agent : List.of("agent-a", "agent-b")) {
                store.write(List.of(new StoreWrite.Accept(io.pmr.collector.TestEnvelopes.status(agent, 1, 1,
                        "CSPN/PM4.3", 25_000).toBuilder().setCreatedEpochMillis(declaredAt).build(), 1)));
            }
            // agent-a: data of its measure at 10:07 the day before it declared, and of another measure earlier still
            // (not declared: ignored); agent-b: data only after its declaration
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", 2, "CSPN/PM4.3", day + 607 * 60_000L), 1),
                    new StoreWrite.Accept(intervals("agent-a", 3, "DSP/PM1.2", day + 60_000L), 1),
                    new StoreWrite.Accept(intervals("agent-b", 2, "CSPN/PM4.3", declaredAt + 60_000L), 1)));
            Map<String, Long> at = new TreeMap<>();
            store.sourceDeclarations().forEach(d -> at.put(d.agentId(), d.declaredAtEpochMillis()));
            assertEquals(Map.of("agent-a", day + 607 * 60_000L, "agent-b", declaredAt), at);
        }
    }

    private static io.pmr.proto.v1.Envelope intervals(String agent, long sequence, String measure, long start) {
        return io.pmr.proto.v1.Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setIntervals(io.pmr.proto.v1.IntervalReportBatch.newBuilder().addIntervals(IntervalReport.newBuilder()
                        .setMeasureId(measure).setScope("SKU1").setIntervalStartEpochMillis(start)
                        .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(2).setWithinTrt(2)))
                .build();
    }

    /** The query plan's detail lines; the parameters bound in order (measure when the query has three). */
    private static String plan(Connection connection, String sql, long from, long to) throws Exception {
        try (var query = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            int parameters = query.getParameterMetaData().getParameterCount();
            if (parameters == 3) {
                query.setString(1, "CSPN/PM4.3");
                query.setLong(2, from);
                query.setLong(3, to);
            } else if (parameters == 2) {
                query.setLong(1, from);
                query.setLong(2, to);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(4)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** Equal maps, or a failure naming the first key that differs (the full maps are too long to read). */
    private static void assertSame(Map<String, String> expected, Map<String, String> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), actual.get(entry.getKey()), entry.getKey());
        }
    }

    /** What version 8 left: the same tables without daily_total. */
    private static void downgradeToVersion8(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE daily_total");
            statement.execute("UPDATE schema_version SET version = 8");
        }
    }

    private static int version(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    /**
     * Per (measure, scope, UK day) from the stored intervals: counts summed here, and latencies recorded here into a
     * 3-digit histogram in nanoseconds, described as text.
     */
    private static Map<String, String> independentTotals(List<DailyRollupsTest.Stored> stored)
            throws DataFormatException {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Histogram> latencies = new TreeMap<>();
        long[] factor = {0, 1, 1_000, 1_000_000};
        for (DailyRollupsTest.Stored s : stored) {
            IntervalReport r = s.report();
            String key = r.getMeasureId() + "|" + r.getScope() + "|"
                    + UkCalendar.dayStartEpochMillis(UkCalendar.dayOf(r.getIntervalStartEpochMillis()));
            long[] sum = sums.computeIfAbsent(key, k -> new long[5]);
            sum[0]++;
            sum[1] += r.getEvents();
            sum[2] += r.getWithinTrt();
            sum[3] += r.getTimedOut();
            sum[4] += r.getFailed();
            if (!r.getHistogram().isEmpty()) {
                Histogram one = Histogram.decodeFromCompressedByteBuffer(r.getHistogram().asReadOnlyByteBuffer(), 0);
                Histogram into = latencies.computeIfAbsent(key, k -> {
                    Histogram h = new Histogram(3);
                    h.setAutoResize(true);
                    return h;
                });
                // the documented rule (LatencyNanos): each interval re-bucketed at 3 digits in its own unit, then
                // each bucket's highest equivalent value multiplied out to nanoseconds
                Histogram threeDigits = new Histogram(3);
                threeDigits.setAutoResize(true);
                threeDigits.add(one);
                threeDigits.recordedValues().forEach(v -> into.recordValueWithCount(
                        v.getValueIteratedTo() * factor[r.getHistogramUnitValue()], v.getCountAtValueIteratedTo()));
            }
        }
        Map<String, String> described = new TreeMap<>();
        sums.forEach((key, sum) -> described.put(key, describe(sum, latencies.get(key))));
        return described;
    }

    /** The daily_total rows, described as {@link #independentTotals} describes them. */
    private static Map<String, String> storedTotals(Path file) throws Exception {
        Map<String, String> described = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + DailyTotal.COLUMNS + " FROM daily_total")) {
            while (rs.next()) {
                byte[] encoded = rs.getBytes(9);
                Histogram latency = null;
                if (encoded != null) {
                    latency = new Histogram(3);
                    latency.setAutoResize(true);
                    RollupCodec.mergeHistogram(encoded, latency);
                }
                described.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3), describe(new long[] {
                    rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)}, latency));
            }
        }
        return described;
    }

    private static String describe(long[] sums, Histogram latency) {
        List<String> buckets = new ArrayList<>();
        if (latency != null) {
            latency.recordedValues().forEach(v -> buckets.add(latency.highestEquivalentValue(v.getValueIteratedTo())
                    + "x" + v.getCountAtValueIteratedTo()));
        }
        return "intervals " + sums[0] + " events " + sums[1] + " within " + sums[2] + " timed out " + sums[3]
                + " failed " + sums[4] + " latencies " + buckets;
    }
}
