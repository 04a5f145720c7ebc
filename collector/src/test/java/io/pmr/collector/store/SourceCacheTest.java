package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pmr.collector.data.PeriodData;
import io.pmr.collector.data.SourceDeclaration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declarations and watermarks are read once while they are unchanged (every period range and month of a report shares
 * them), and never served stale: the store's own writes, and another store's commits on the same database (another
 * process, or another collector sharing a PostgreSQL database), make the next read see the new rows, through the
 * source generation both engines keep. Run on each {@link StoreEngine}: on PostgreSQL two stores on one database are
 * two collectors sharing it (issue 15's {@code --shared}).
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class SourceCacheTest {
    private static final long FROM = 1_600_000_000_000L;
    private static final long TO = FROM + 86_400_000L;
    private static final String MEASURE = "CSPN/PM4.3";

    private final TestStores stores;

    SourceCacheTest(StoreEngine engine, @TempDir Path dir) {
        stores = engine.stores(dir);
    }

    @Test
    void anUnchangedStoreIsReadOnceForEveryRangeAndDeclarationsRead() {
        try (SqliteStore store = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, MEASURE, 25_000), 1),
                    new StoreWrite.Accept(watermark("agent-a", 1, 2, MEASURE, TO), 2)));
            PeriodData month = store.periodData(FROM, TO);
            PeriodData otherRange = store.periodData(FROM - 86_400_000L, TO);
            assertEquals(Map.of(MEASURE, Set.of("agent-a")), month.declaredBy());
            assertEquals(Map.of(MEASURE, Map.of("agent-a", TO)), month.watermarks());
            assertSame(month.declaredBy().get(MEASURE), otherRange.declaredBy().get(MEASURE));
            assertSame(month.watermarks().get(MEASURE), otherRange.watermarks().get(MEASURE));
            assertSame(store.sourceDeclarations(), store.sourceDeclarations());
        }
    }

    @Test
    void theStoresOwnWritesAreSeenAtOnce() {
        try (SqliteStore store = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, MEASURE, 25_000), 1)));
            assertEquals(Set.of("agent-a"), store.periodData(FROM, TO).declaredBy().get(MEASURE));
            assertEquals(List.of("agent-a"), agents(store.sourceDeclarations()));

            store.write(List.of(new StoreWrite.Accept(status("agent-b", 1, 1, MEASURE, 25_000), 1),
                    new StoreWrite.Accept(watermark("agent-b", 1, 2, MEASURE, TO), 2)));
            PeriodData after = store.periodData(FROM, TO);
            assertEquals(Set.of("agent-a", "agent-b"), after.declaredBy().get(MEASURE));
            assertEquals(Map.of("agent-b", TO), after.watermarks().get(MEASURE));
            assertEquals(List.of("agent-a", "agent-b"), agents(store.sourceDeclarations()));
        }
    }

    @Test
    void anotherStoresCommitIsSeenAtOnce() {
        try (SqliteStore store = stores.open(); SqliteStore other = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, MEASURE, 25_000), 1),
                    new StoreWrite.Accept(watermark("agent-a", 1, 2, MEASURE, FROM), 2)));
            assertEquals(Set.of("agent-a"), store.periodData(FROM, TO).declaredBy().get(MEASURE));
            assertEquals(List.of("agent-a"), agents(store.sourceDeclarations()));

            other.write(List.of(new StoreWrite.Accept(status("agent-c", 1, 1, MEASURE, 25_000), 1),
                    new StoreWrite.Accept(watermark("agent-c", 1, 2, MEASURE, TO), 2)));
            PeriodData after = store.periodData(FROM, TO);
            assertEquals(Set.of("agent-a", "agent-c"), after.declaredBy().get(MEASURE));
            assertEquals(Map.of("agent-a", FROM, "agent-c", TO), after.watermarks().get(MEASURE));
            assertEquals(List.of("agent-a", "agent-c"), agents(store.sourceDeclarations()));

            // a watermark alone moving on (no new declaration) is seen too
            other.write(List.of(new StoreWrite.Accept(watermark("agent-a", 1, 3, MEASURE, TO), 3)));
            assertEquals(Map.of("agent-a", TO, "agent-c", TO), store.periodData(FROM, TO).watermarks().get(MEASURE));
        }
    }

    @Test
    void anotherStoresEarlierDataLowersTheCachedDeclarationAtOnce() {
        long declaredAt = TO;
        try (SqliteStore store = stores.open(); SqliteStore other = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, MEASURE, 25_000).toBuilder()
                    .setCreatedEpochMillis(declaredAt).build(), 1)));
            assertEquals(declaredAt, store.sourceDeclarations().get(0).declaredAtEpochMillis());

            // first data is what lowers an agent's first declaration: another store's interval before it
            long minute = FROM - FROM % 60_000L; // UK days start on whole UTC minutes
            other.write(List.of(new StoreWrite.Accept(intervals("agent-a", 1, 2,
                    interval(MEASURE, minute + 1_234, 25_000, 1, 1)), 2)));
            assertEquals(minute, store.sourceDeclarations().get(0).declaredAtEpochMillis(),
                    "the interval's minute, whole minutes from its UK day's start");
        }
    }

    @Test
    void aBatchOfDuplicatesLeavesTheCopyValid() {
        try (SqliteStore store = stores.open(); SqliteStore other = stores.open()) {
            StoreWrite.Accept declaration = new StoreWrite.Accept(status("agent-a", 1, 1, MEASURE, 25_000), 1);
            store.write(List.of(declaration));
            List<SourceDeclaration> before = store.sourceDeclarations();
            assertEquals(List.of(WriteOutcome.DUPLICATE), other.write(List.of(declaration)));
            assertSame(before, store.sourceDeclarations(), "nothing stored: no re-read");

            other.write(List.of(new StoreWrite.Accept(status("agent-b", 1, 1, MEASURE, 25_000), 2)));
            assertNotSame(before, store.sourceDeclarations());
            assertEquals(List.of("agent-a", "agent-b"), agents(store.sourceDeclarations()));
        }
    }

    @Test
    void anotherStoresRebuildOfTheFirstDataMakesTheCopyBeReadAgain() {
        try (SqliteStore store = stores.open(); SqliteStore other = stores.open()) {
            store.write(List.of(new StoreWrite.Accept(status("agent-a", 1, 1, MEASURE, 25_000), 1)));
            List<SourceDeclaration> before = store.sourceDeclarations();
            assertSame(before, store.sourceDeclarations());
            RollupCheck rebuilt = RollupMaintenance.rebuild(other, 10); // rewrites first_data, whatever it finds
            assertEquals(true, rebuilt.equal(), rebuilt.differences().toString());
            List<SourceDeclaration> after = store.sourceDeclarations();
            assertNotSame(before, after, "first data rewritten by another store: read again");
            assertEquals(before, after, "and still the same declarations");
        }
    }

    private static List<String> agents(List<SourceDeclaration> declarations) {
        return declarations.stream().map(SourceDeclaration::agentId).toList();
    }
}
