package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.MeasureCounts;
import io.pmr.testkit.PostgresCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract on PostgreSQL: the same {@link SqliteStore} classes over a database of a throw-away
 * cluster ({@link PostgresCluster}: Debian's binaries, an ephemeral port), a fresh database per test.
 */
class PostgresStoreTest extends StoreContractTest {
    private StoreLocation location;

    @Override
    Store newStore() {
        location = StoreEngine.newPostgresDatabase();
        return SqliteStore.open(location);
    }

    private List<String> partitions() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = StoreEngine.connect(location);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT c.relname FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                        + " WHERE p.relname = 'interval_report' ORDER BY c.relname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void minuteRowsGoToAPartitionPerUtcMonthCreatedWhenFirstNeeded() throws Exception {
        assertEquals(List.of(), partitions(), "no month has rows yet");

        long lateAugustUtc = millis("2020-08-31T23:30:00Z"); // 00:30 on 1 September in the UK: UTC decides
        long midSeptember = millis("2020-09-15T12:00:00Z");
        store.write(List.of(accept(intervals("agent-1", 1, 1, interval(RTT4, lateAugustUtc, 25_000, 4, 3),
                interval(RTT4, midSeptember, 25_000, 6, 6)))));
        store.write(List.of(accept(intervals("agent-1", 1, 2, interval(RTT4, midSeptember + 60_000, 25_000, 1, 1)))));

        assertEquals(List.of("interval_report_2020_08", "interval_report_2020_09"), partitions());
        assertEquals(Map.of(RTT4, new MeasureCounts(11, 10, 1, 0)),
                store.periodData(SEP_START, OCT_START).counts(), "the UK month reads across both partitions");
    }

    @Test
    void rollupsAndTotalsEqualAFreshAggregationAndARebuildProvesIt() {
        long midSeptember = millis("2020-09-15T12:00:00Z");
        store.write(List.of(accept(intervals("agent-1", 1, 1, interval(RTT4, midSeptember, 25_000, 6, 5),
                interval(RTT4, midSeptember + 60_000, 25_000, 3, 3))),
                accept(intervals("agent-2", 1, 1, interval(RTT4, midSeptember, 25_000, 2, 0)))));
        SqliteStore sqlStore = (SqliteStore) store;

        RollupCheck check = RollupMaintenance.check(sqlStore, 10);
        assertTrue(check.equal(), check::toString);
        assertEquals(3, check.minuteRows());
        assertEquals(2, check.rollupRows());
        assertEquals(1, check.totalRows());
        RollupCheck rebuilt = RollupMaintenance.rebuild(sqlStore, 10);
        assertTrue(rebuilt.equal(), rebuilt::toString);
        assertEquals(new MeasureCounts(11, 8, 3, 0), store.periodData(SEP_START, OCT_START).counts().get(RTT4));
    }

    @Test
    void theApisActivityReaderReadsTheSameDatabaseOnItsOwnConnection() {
        store.write(List.of(accept(io.pmr.collector.TestEnvelopes.status("agent-7", 3, 1, RTT4, 25_000)),
                accept(intervals("agent-7", 3, 2, interval(RTT4, millis("2020-09-15T12:00:00Z"), 25_000, 1, 1)))));
        try (SqliteActivityReader reader = SqliteActivityReader.open(location)) {
            assertEquals(java.util.Set.of(java.time.YearMonth.of(2020, 9)), reader.periodsWithData());
            assertEquals(1, reader.agents().size());
            assertEquals("agent-7", reader.agents().get(0).agentId());
            assertEquals(List.of(RTT4), reader.agents().get(0).measures());
        }
    }

    @Test
    void aDaysMinuteRowsAreReadFromItsMonthsPartitionOnlyThroughAnIndex() throws Exception {
        for (String month : List.of("2020-08", "2020-09", "2020-10")) {
            long start = millis(month + "-15T12:00:00Z");
            store.write(List.of(accept(intervals("agent-" + month, 1, 1, interval(RTT4, start, 25_000, 3, 2)))));
        }
        long from = millis("2020-09-15T00:00:00Z");
        String sql = SqliteMeasureData.DAILY_SQL.replaceFirst("\\?", Long.toString(from))
                .replaceFirst("\\?", Long.toString(from + 86_400_000L)).replaceFirst("\\?", "'" + RTT4 + "'");
        List<String> plan = new ArrayList<>();
        try (Connection connection = StoreEngine.connect(location);
                Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off"); // three rows: the planner would rightly scan them
            try (ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        }
        String text = String.join("\n", plan);
        assertTrue(text.contains("interval_report_2020_09"), text);
        assertTrue(!text.contains("interval_report_2020_08") && !text.contains("interval_report_2020_10"),
                "other months' partitions are pruned: " + text);
        assertTrue(text.contains("Index"), text);
    }

    @Test
    void aBatchThatFailsTakesItsNewPartitionWithItAndTheNextBatchMakesItAgain() throws Exception {
        long march = millis("2021-03-10T10:00:00Z");
        var good = accept(intervals("agent-1", 1, 1, interval(RTT4, march, 25_000, 2, 2)));
        var noBody = accept(io.pmr.proto.v1.Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1)
                .setSequence(2).build());
        try {
            store.write(List.of(good, noBody));
        } catch (IllegalArgumentException expected) {
            // the batch is rolled back whole, partition included
        }
        assertEquals(List.of(), partitions());
        assertEquals(0, store.envelopeCount());

        assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(good)));
        assertEquals(List.of("interval_report_2021_03"), partitions());
        assertTrue(store.periodData(march - 1, march + 1).counts().containsKey(RTT4));
    }
}
