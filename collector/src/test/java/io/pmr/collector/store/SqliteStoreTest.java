package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    Store newStore() {
        return SqliteStore.open(dir.resolve("data").resolve("pmr.db"));
    }

    @Test
    void committedDataSurvivesReopening() {
        store.write(List.of(accept(intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 10, 9)))));
        store.close();

        store = SqliteStore.open(dir.resolve("data").resolve("pmr.db"));

        assertEquals(1, store.envelopeCount());
        assertEquals(List.of(WriteOutcome.DUPLICATE),
                store.write(List.of(accept(intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 10, 9))))));
    }
}
