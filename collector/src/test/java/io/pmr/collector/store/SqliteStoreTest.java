package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
    void heldKeysSearchesIndexesInsteadOfScanningTables() throws Exception {
        List<String> plan = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data").resolve("pmr.db").toAbsolutePath());
                PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN QUERY PLAN " + SqliteStore.HELD_KEYS_SQL)) {
            explain.setString(1, "agent-1");
            explain.setString(2, "agent-1");
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }

        assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH envelope")), plan::toString);
        assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH quarantine USING")), plan::toString);
        assertTrue(plan.stream().noneMatch(step -> step.startsWith("SCAN")), plan::toString);
    }

    @Test
    void committedDataSurvivesReopening() {
        store.write(List.of(accept(intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 10, 9)))));
        store.close();

        store = SqliteStore.open(dir.resolve("data").resolve("pmr.db"));

        assertEquals(1, store.envelopeCount());
        assertEquals(List.of(WriteOutcome.DUPLICATE),
                store.write(List.of(accept(intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 10, 9))))));
        assertEquals(List.of(new EnvelopeKey("agent-1", 1, 1)), store.heldKeys("agent-1"));
    }
}
