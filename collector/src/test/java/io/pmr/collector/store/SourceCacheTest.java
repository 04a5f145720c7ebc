package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pmr.collector.data.PeriodData;
import io.pmr.collector.data.SourceDeclaration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declarations and watermarks are read once while the file is unchanged (every period range and month of a report
 * shares them), and never served stale: the store's own writes and another connection's commits both make the next
 * read see the new rows.
 */
class SourceCacheTest {
    private static final long FROM = 1_600_000_000_000L;
    private static final long TO = FROM + 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void anUnchangedFileIsReadOnceForEveryRangeAndDeclarationsRead() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, "CSPN/PM4.3", 25_000), 1),
                    new StoreWrite.Accept(watermark("agent-a", 1, 2, "CSPN/PM4.3", TO), 2)));
            PeriodData month = store.periodData(FROM, TO);
            PeriodData otherRange = store.periodData(FROM - 86_400_000L, TO);
            assertEquals(Map.of("CSPN/PM4.3", Set.of("agent-a")), month.declaredBy());
            assertEquals(Map.of("CSPN/PM4.3", Map.of("agent-a", TO)), month.watermarks());
            assertSame(month.declaredBy().get("CSPN/PM4.3"), otherRange.declaredBy().get("CSPN/PM4.3"));
            assertSame(month.watermarks().get("CSPN/PM4.3"), otherRange.watermarks().get("CSPN/PM4.3"));
            assertSame(store.sourceDeclarations(), store.sourceDeclarations());
        }
    }

    @Test
    void theStoresOwnWritesAreSeenAtOnce() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, "CSPN/PM4.3", 25_000), 1)));
            assertEquals(Set.of("agent-a"), store.periodData(FROM, TO).declaredBy().get("CSPN/PM4.3"));
            assertEquals(List.of("agent-a"), agents(store.sourceDeclarations()));

            store.write(List.of(new StoreWrite.Accept(status("agent-b", 1, 1, "CSPN/PM4.3", 25_000), 1),
                    new StoreWrite.Accept(watermark("agent-b", 1, 2, "CSPN/PM4.3", TO), 2)));
            PeriodData after = store.periodData(FROM, TO);
            assertEquals(Set.of("agent-a", "agent-b"), after.declaredBy().get("CSPN/PM4.3"));
            assertEquals(Map.of("agent-b", TO), after.watermarks().get("CSPN/PM4.3"));
            assertEquals(List.of("agent-a", "agent-b"), agents(store.sourceDeclarations()));
        }
    }

    @Test
    void anotherConnectionsCommitIsSeenAtOnce() throws Exception {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, "CSPN/PM4.3", 25_000), 1)));
            assertEquals(Set.of("agent-a"), store.periodData(FROM, TO).declaredBy().get("CSPN/PM4.3"));
            assertEquals(List.of("agent-a"), agents(store.sourceDeclarations()));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                    Statement statement = other.createStatement()) {
                statement.executeUpdate("INSERT INTO envelope (agent_id, boot_epoch, sequence, body_kind,"
                        + " created_epoch_millis, received_epoch_millis) VALUES ('agent-c', 1, 1, 'STATUS', 5, 5)");
                statement.executeUpdate("INSERT INTO declared_measure VALUES ('agent-c', 1, 1, 'CSPN/PM4.3', 25000)");
                statement.executeUpdate("INSERT INTO watermark VALUES ('agent-c', 'CSPN/PM4.3', " + TO + ", 1, 1)");
            }
            PeriodData after = store.periodData(FROM, TO);
            assertEquals(Set.of("agent-a", "agent-c"), after.declaredBy().get("CSPN/PM4.3"));
            assertEquals(Map.of("agent-c", TO), after.watermarks().get("CSPN/PM4.3"));
            assertEquals(List.of("agent-a", "agent-c"), agents(store.sourceDeclarations()));
        }
    }

    private static List<String> agents(List<SourceDeclaration> declarations) {
        return declarations.stream().map(SourceDeclaration::agentId).toList();
    }
}
