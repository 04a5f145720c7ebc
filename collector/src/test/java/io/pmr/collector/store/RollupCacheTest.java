package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's cache of committed rollups and totals, on a real SQLite file: rows are kept only once their batch
 * commits, a batch that never commits clears them, another connection's commit clears them, and the least recently
 * used go past the byte bound. (That the figures stay exact with the cache in use: {@code BatchedRollupsTest}.)
 */
class RollupCacheTest {
    private static final long DAY = 1_598_914_800_000L;

    @TempDir
    Path dir;

    @Test
    void keepsWhatACommittedBatchWroteAndNothingOfABatchThatDidNotCommit() throws Exception {
        try (Connection connection = open(); RollupCache cache = new RollupCache(connection, RollupCache.MAX_BYTES)) {
            DailyRollup rollup = rollup("agent-a", 1_000);
            DailyTotal total = new DailyTotal(DailyTotal.Key.of(rollup.key));
            cache.begin();
            assertNull(cache.rollup(rollup.key));
            cache.written(List.of(rollup), List.of(total));
            assertNull(cache.rollup(rollup.key), "kept only once the batch commits");
            cache.committed();

            cache.begin();
            assertSame(rollup, cache.rollup(rollup.key));
            assertSame(total, cache.total(total.key));
            assertEquals(2, cache.hits());
            assertEquals(2, cache.misses());
            // this batch changes the kept row and never commits (an exception, a rollback)
            rollup.events += 5;
            cache.begin();
            assertNull(cache.rollup(rollup.key), "a batch that did not commit leaves nothing kept");
            assertEquals(0, cache.bytes());
        }
    }

    @Test
    void anotherConnectionsCommitClearsWhatIsKept() throws Exception {
        try (Connection connection = open(); RollupCache cache = new RollupCache(connection, RollupCache.MAX_BYTES)) {
            DailyRollup rollup = rollup("agent-a", 1_000);
            cache.begin();
            cache.rollup(rollup.key); // reads data_version
            cache.written(List.of(rollup), List.of());
            connection.commit();
            cache.committed();
            try (Connection other = DriverManager.getConnection(url());
                    Statement statement = other.createStatement()) {
                statement.executeUpdate("INSERT INTO t VALUES (2)");
            }
            cache.begin();
            assertNull(cache.rollup(rollup.key), "the file changed under the cache");
        }
    }

    @Test
    void dropsTheLeastRecentlyUsedRowsPastItsBound() throws Exception {
        DailyRollup small = rollup("agent-small", 10);
        long oneRowBytes;
        try (Connection connection = open(); RollupCache probe = new RollupCache(connection, RollupCache.MAX_BYTES)) {
            probe.begin();
            assertNull(probe.rollup(small.key)); // a batch looks a row up before it writes it
            probe.written(List.of(small), List.of());
            probe.committed();
            oneRowBytes = probe.bytes();
        }
        try (Connection connection = open(); RollupCache cache = new RollupCache(connection, 3 * oneRowBytes)) {
            DailyRollup first = rollup("agent-1", 10);
            DailyRollup second = rollup("agent-2", 10);
            DailyRollup third = rollup("agent-3", 10);
            DailyRollup fourth = rollup("agent-4", 10);
            for (DailyRollup row : List.of(first, second, third)) {
                cache.begin();
                assertNull(cache.rollup(row.key));
                cache.written(List.of(row), List.of());
                cache.committed();
            }
            cache.begin();
            assertSame(first, cache.rollup(first.key)); // used again: second is now the least recently used
            assertNull(cache.rollup(fourth.key));
            cache.written(List.of(first, fourth), List.of());
            cache.committed();
            assertTrue(cache.bytes() <= 3 * oneRowBytes, "bytes " + cache.bytes());
            cache.begin();
            assertNull(cache.rollup(second.key), "the least recently used row went");
            assertSame(first, cache.rollup(first.key));
            assertSame(third, cache.rollup(third.key));
            assertSame(fourth, cache.rollup(fourth.key));
        }
    }

    @Test
    void theLeastRecentlyUsedRowGoesWhicheverItsKind() throws Exception {
        DailyTotal pastDay = total("CSPN/PM4.1", 10);
        DailyTotal otherPastDay = total("CSPN/PM4.2", 10);
        DailyRollup today = rollup("agent-a", 10);
        DailyTotal todaysTotal = new DailyTotal(DailyTotal.Key.of(today.key));
        long allFour;
        try (Connection connection = open(); RollupCache probe = new RollupCache(connection, RollupCache.MAX_BYTES)) {
            writeInTwoBatches(probe, pastDay, otherPastDay, today, todaysTotal);
            allFour = probe.bytes();
        }
        try (Connection connection = open(); RollupCache cache = new RollupCache(connection, allFour - 1)) {
            writeInTwoBatches(cache, pastDay, otherPastDay, today, todaysTotal);

            cache.begin();
            assertNull(cache.total(pastDay.key), "the least recently used row went");
            assertSame(today, cache.rollup(today.key), "the rollup used last stays though totals are kept");
            assertSame(todaysTotal, cache.total(todaysTotal.key));
            assertSame(otherPastDay, cache.total(otherPastDay.key));
        }
    }

    /** Two totals of past days committed, then a rollup and its total. */
    private static void writeInTwoBatches(RollupCache cache, DailyTotal first, DailyTotal second, DailyRollup rollup,
            DailyTotal total) throws Exception {
        cache.begin();
        assertNull(cache.total(first.key));
        cache.written(List.of(), List.of(first, second));
        cache.committed();
        cache.begin();
        assertNull(cache.rollup(rollup.key));
        cache.written(List.of(rollup), List.of(total));
        cache.committed();
    }

    private static DailyTotal total(String measureId, int buckets) {
        DailyTotal total = new DailyTotal(new DailyTotal.Key(measureId, "SKU1", DAY - 86_400_000L));
        for (int i = 0; i < buckets; i++) {
            total.latencyNanos().add(1_000_000L * (i + 1), 1);
        }
        return total;
    }

    /** A rollup with {@code buckets} distinct latency buckets (its table's size is what the bound counts). */
    private static DailyRollup rollup(String agentId, int buckets) {
        DailyRollup rollup = new DailyRollup(new DailyRollup.Key(agentId, "CSPN/PM4.3", "SKU1", DAY));
        for (int i = 0; i < buckets; i++) {
            rollup.addNanos(bucket(1_000_000L * (i + 1)));
        }
        return rollup;
    }

    private static SparseBuckets bucket(long nanos) {
        SparseBuckets one = new SparseBuckets();
        one.add(nanos, 1);
        return one;
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("cache.db");
    }

    /** A WAL file with one table, in manual-commit mode as the store's connection is. */
    private Connection open() throws Exception {
        Connection connection = DriverManager.getConnection(url());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
