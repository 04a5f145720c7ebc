package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rebuild-rollups} on PostgreSQL takes the writers' lock an ingest batch takes: while another collector's batch
 * is in progress the rebuild waits for it, and rebuilds from what the batch committed. Without the lock its snapshot
 * would be taken before the batch committed, and the rebuilt rollups would miss the batch's minute rows.
 */
class PostgresRebuildRollupsTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long DAY = millis("2020-09-15T00:00:00Z");

    @Test
    void aRebuildWaitsForABatchInProgressAndRebuildsWhatItCommitted() throws Exception {
        StoreLocation location = StoreEngine.newPostgresDatabase();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (SqliteStore store = SqliteStore.open(location);
                Connection batch = StoreEngine.connect(location);
                Connection monitor = StoreEngine.connect(location)) {
            List<StoreWrite> writes = new ArrayList<>();
            for (int sequence = 1; sequence <= 3; sequence++) {
                writes.add(new StoreWrite.Accept(intervals("agent-a", 1, sequence,
                        interval(RTT4, DAY + sequence * 60_000L, 25_000, 10, 9)), 1_000L));
            }
            store.write(writes);

            // Another collector's ingest batch in progress: it holds the writers' lock (as Dialect.beginWrite takes
            // it) and adds a minute row it has not committed yet.
            batch.setAutoCommit(false);
            try (Statement statement = batch.createStatement()) {
                statement.execute("LOCK TABLE daily_total IN SHARE ROW EXCLUSIVE MODE");
            }
            Future<RollupCheck> rebuilt = thread.submit(() -> RollupMaintenance.rebuild(store, 10));
            await().atMost(Duration.ofSeconds(60)).until(() -> rebuilt.isDone() || waitingForALock(monitor));
            assertFalse(rebuilt.isDone(), "the rebuild waits for the batch's lock");
            try (Statement statement = batch.createStatement()) {
                assertEquals(1, statement.executeUpdate("INSERT INTO interval_report (agent_id, boot_epoch, sequence,"
                        + " ordinal, measure_id, scope, interval_start_epoch_millis, interval_length_millis, trt_millis,"
                        + " events, within_trt, timed_out, failed, histogram, histogram_unit) SELECT agent_id,"
                        + " boot_epoch, 4, ordinal, measure_id, scope, interval_start_epoch_millis + 180000,"
                        + " interval_length_millis, trt_millis, events, within_trt, timed_out, failed, histogram,"
                        + " histogram_unit FROM interval_report WHERE sequence = 3"));
            }
            batch.commit();

            RollupCheck check = rebuilt.get(60, TimeUnit.SECONDS);
            assertTrue(check.equal(), check::toString);
            assertEquals(4, check.minuteRows(), "the rebuild read the minute rows the batch committed");
            RollupCheck after = RollupMaintenance.check(store, 10);
            assertTrue(after.equal(), "the rebuilt rollups cover every committed minute row: " + after);
        } finally {
            thread.shutdownNow();
        }
    }

    /** Whether a session of this database waits for a lock (the rebuild, on the batch's). */
    private static boolean waitingForALock(Connection monitor) throws SQLException {
        try (Statement statement = monitor.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }
}
