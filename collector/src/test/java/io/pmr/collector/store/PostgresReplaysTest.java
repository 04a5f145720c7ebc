package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.data.MeasureCounts;
import io.pmr.proto.v1.IntervalReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay only a shared store has ({@link StoreReplaysTest} has the rest on each engine): another collector stores
 * an agent's second boot epoch while this one remembers a single epoch for it.
 */
class PostgresReplaysTest {
    private static final long OLD = 1L << 40;
    private static final long NEW = (1L << 40) + 12_345;

    @Test
    void aReplayIsFoundWhenAnotherCollectorStoredTheOtherEpoch() {
        StoreLocation shared = StoreEngine.newPostgresDatabase();
        long start = millis("2020-09-01T10:00:00Z");
        IntervalReport a = interval("CSPN/PM4.3", start, 25_000, 5, 5);
        IntervalReport b = interval("CSPN/PM4.3", start + 60_000, 25_000, 3, 2);
        try (SqliteStore mine = SqliteStore.open(shared); SqliteStore other = SqliteStore.open(shared)) {
            // this collector sees only the new boot so far
            mine.write(List.of(new StoreWrite.Accept(intervals("agent-d", NEW, 1, a), 0)));
            // meanwhile another collector stores the old boot's minute b
            other.write(List.of(new StoreWrite.Accept(intervals("agent-d", OLD, 1, b), 0)));
            // the new boot sends b again (a reinstall replaying its source): a replay, not a second count
            mine.write(List.of(new StoreWrite.Accept(intervals("agent-d", NEW, 2, b), 0)));

            assertEquals(new MeasureCounts(5 + 3, 5 + 2, 1, 0),
                    mine.periodData(start, start + 3_600_000).counts().get("CSPN/PM4.3"));
        }
    }
}
