package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.proto.v1.Envelope;
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
                        "EXPLAIN QUERY PLAN " + SqliteEnvelopeReads.HELD_KEYS_SQL)) {
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

    @Test
    void aVersion4DatabaseOpensAndItsUnhashedKeysStayDuplicates() throws Exception {
        Path old = dir.resolve("old.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + old.toAbsolutePath());
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (4)");
            statement.execute("CREATE TABLE envelope (agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL,"
                    + " sequence INTEGER NOT NULL, body_kind TEXT NOT NULL, created_epoch_millis INTEGER NOT NULL,"
                    + " received_epoch_millis INTEGER NOT NULL, PRIMARY KEY (agent_id, boot_epoch, sequence)) WITHOUT ROWID");
            statement.execute("INSERT INTO envelope VALUES ('agent-1', 1, 1, 'INTERVALS', 1, 1)");
        }
        store.close();
        store = SqliteStore.open(old);

        assertEquals(1, store.envelopeCount());
        assertEquals(List.of(WriteOutcome.DUPLICATE), store.write(List.of(
                accept(intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 10, 9))))),
                "a key stored before hashes has nothing to compare with: a duplicate, as before");
        Envelope next = intervals("agent-1", 1, 2, interval(RTT4, SEP_START, 25_000, 10, 9));
        assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(accept(next))));
        assertEquals(List.of(WriteOutcome.CONFLICT), store.write(List.of(
                accept(intervals("agent-1", 1, 2, interval(RTT4, SEP_START, 25_000, 11, 9))))));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + old.toAbsolutePath());
                java.sql.Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(SqliteSchema.VERSION, rs.getInt(1));
        }
    }
}
