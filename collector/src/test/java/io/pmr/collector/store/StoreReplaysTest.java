package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.withExclusion;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.data.MeasureCounts;
import io.pmr.proto.v1.IntervalReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reinstalled agent (new boot epoch, no ledger) measuring its source again sends intervals the store already holds
 * under its old epoch: the same content is counted once and recorded as replayed; other content under the same
 * interval (other hubs) is counted. On each {@link StoreEngine}; {@link PostgresReplaysTest} has the case only a shared
 * store has.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreReplaysTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long OLD_EPOCH = 1L << 40;
    private static final long NEW_EPOCH = (1L << 40) + 12_345;

    private final TestStores stores;

    StoreReplaysTest(StoreEngine engine, @TempDir Path dir) {
        stores = engine.stores(dir);
    }

    @Test
    void anIntervalMeasuredAgainByAnotherBootIsCountedOnceAndOtherContentIsCounted() throws Exception {
        long start = millis("2020-09-01T10:00:00Z");
        IntervalReport first = withExclusion(withHistogram(interval(RTT4, start, 25_000, 10, 9), histogram(120, 10)),
                "CHIMSM", 2);
        IntervalReport second = interval(RTT4, start + 60_000, 25_000, 4, 4);
        IntervalReport otherHubs = withHistogram(interval(RTT4, start, 25_000, 3, 1), histogram(900, 3));
        try (SqliteStore store = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(intervals("agent-north", OLD_EPOCH, 7, first, second), 0)));
            // the reinstall: a new epoch, its own sequences, the same intervals in other envelopes, and new ones
            store.write(List.of(
                    new StoreWrite.Accept(intervals("agent-north", NEW_EPOCH, 1, first), 0),
                    new StoreWrite.Accept(intervals("agent-north", NEW_EPOCH, 2, second, otherHubs), 0)));
            // the same content from the same boot is not a replay (the ledger prevents it; if it happened, it counts)
            store.write(List.of(new StoreWrite.Accept(intervals("agent-north", OLD_EPOCH, 8,
                    interval(RTT4, start + 120_000, 25_000, 1, 1)), 0)));
            store.write(List.of(new StoreWrite.Accept(intervals("agent-north", OLD_EPOCH, 9,
                    interval(RTT4, start + 120_000, 25_000, 1, 1)), 0)));

            MeasureCounts counts = store.periodData(start, start + 3_600_000).counts().get(RTT4);
            assertEquals(new MeasureCounts(10 + 4 + 3 + 1 + 1, 9 + 4 + 1 + 1 + 1, (10 - 9) + (3 - 1), 0), counts);
            assertEquals(2L, store.periodData(start, start + 3_600_000).exclusions().get(RTT4).get("CHIMSM"),
                    "the replayed interval's exclusions are not added again");
        }
        try (Connection connection = stores.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT boot_epoch, sequence, ordinal, events,"
                        + " original_boot_epoch FROM replayed_interval ORDER BY sequence, ordinal")) {
            rs.next();
            assertEquals(List.of(NEW_EPOCH, 1L, 0L, 10L, OLD_EPOCH),
                    List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            rs.next();
            assertEquals(List.of(NEW_EPOCH, 2L, 0L, 4L, OLD_EPOCH),
                    List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            assertEquals(false, rs.next(), "other hubs' interval and the same boot's are no replays");
        }
    }

    /**
     * The search is skipped while an agent id has one epoch only; a second epoch, older or newer, arriving in the same
     * session, after a reopen, or earlier in the same transaction, is still found.
     */
    @Test
    void aReplayIsFoundWhicheverEpochCameFirstAndAcrossAReopen() throws Exception {
        long start = millis("2020-09-01T10:00:00Z");
        IntervalReport minute = interval(RTT4, start, 25_000, 5, 5);
        try (SqliteStore store = stores.open()) {
            // the newer epoch first: its only-epoch memory must not hide the older epoch's replay
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", NEW_EPOCH, 1, minute), 0)));
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", NEW_EPOCH, 2,
                    interval(RTT4, start + 60_000, 25_000, 1, 1)), 0)));
            store.write(List.of(new StoreWrite.Accept(intervals("agent-a", OLD_EPOCH, 1, minute), 0)));
            // both epochs in one transaction
            store.write(List.of(new StoreWrite.Accept(intervals("agent-b", OLD_EPOCH, 1, minute), 0),
                    new StoreWrite.Accept(intervals("agent-b", NEW_EPOCH, 1, minute), 0)));
            // one epoch, then a reopen (the memory is gone), then the other
            store.write(List.of(new StoreWrite.Accept(intervals("agent-c", OLD_EPOCH, 1, minute), 0)));
        }
        try (SqliteStore store = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(intervals("agent-c", NEW_EPOCH, 1, minute), 0)));
            MeasureCounts counts = store.periodData(start, start + 3_600_000).counts().get(RTT4);
            assertEquals(new MeasureCounts(3 * 5 + 1, 3 * 5 + 1, 0, 0), counts, "each agent's minute counted once");
        }
        try (Connection connection = stores.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT agent_id, boot_epoch, original_boot_epoch"
                        + " FROM replayed_interval ORDER BY agent_id")) {
            List<List<Object>> replays = new java.util.ArrayList<>();
            while (rs.next()) {
                replays.add(List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
            assertEquals(List.of(List.of("agent-a", OLD_EPOCH, NEW_EPOCH), List.of("agent-b", NEW_EPOCH, OLD_EPOCH),
                    List.of("agent-c", NEW_EPOCH, OLD_EPOCH)), replays);
        }
    }
}
