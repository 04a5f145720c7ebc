package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * {@link HeapFootprint}'s sums against the heap the objects really take, as JOL walks them in this JVM (the test JVM
 * runs with compressed references, as the collector does): a rollup, a total and the whole cache, for shapes from
 * empty to a 30,000-hub demo day's rollup and beyond. The key strings are each row's own here, as they are in the
 * writer when a row is first read (its envelope's strings; a total's key shares its rollup's).
 */
class HeapFootprintTest {
    private static final long DAY = 1_598_914_800_000L;

    static {
        // the keys are records, whose field offsets Unsafe does not give: JOL then finds them by probing
        System.setProperty("jol.magicFieldOffset", "true");
    }

    @TempDir
    Path dir;

    /** The layout the sums are for (a heap over 32 GB has 8-byte references: the arrays, most of it, are the same). */
    @BeforeAll
    static void compressedReferences() {
        VirtualMachine vm = VM.current();
        assumeTrue(vm.objectHeaderSize() == HeapFootprint.OBJECT_HEADER
                && vm.arrayHeaderSize() == HeapFootprint.ARRAY_HEADER
                && vm.arrayIndexScale("java.lang.Object") == HeapFootprint.REFERENCE && vm.objectAlignment() == 8,
                vm::details);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 100, 1_200, 5_000})
    void aRollupsFootprintIsWhatItsObjectsTake(int buckets) {
        DailyRollup rollup = rollup(0, buckets, new SplittableRandom(buckets));

        assertEquals(GraphLayout.parseInstance(rollup).totalSize(), HeapFootprint.of(rollup),
                () -> GraphLayout.parseInstance(rollup).toFootprint());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 100, 1_200, 5_000})
    void aTotalsFootprintIsWhatItsObjectsTake(int buckets) {
        DailyTotal total = total(0, buckets, new SplittableRandom(buckets));

        assertEquals(GraphLayout.parseInstance(total).totalSize(), HeapFootprint.of(total),
                () -> GraphLayout.parseInstance(total).toFootprint());
    }

    @Test
    void theCachesBytesAreWhatItsRowsAndTheirEntriesTake() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("f.db"));
                RollupCache cache = new RollupCache(connection, Long.MAX_VALUE)) {
            List<DailyRollup> rollups = new ArrayList<>();
            List<DailyTotal> totals = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int buckets = random.nextInt(3) == 0 ? random.nextInt(20) : 200 + random.nextInt(2_000);
                rollups.add(rollup(i, buckets, random));
                totals.add(total(i, buckets, random));
            }
            cache.begin();
            cache.written(rollups, totals);
            cache.committed();

            long measured = GraphLayout.parseInstance(keptMap(cache)).totalSize();
            double ratio = (double) cache.bytes() / measured;
            // the map's table share is a mean (its table doubles): within 1% at these sizes, never under by more
            assertTrue(ratio > 0.99 && ratio < 1.01, "counted " + cache.bytes() + " B, measured " + measured + " B");
        }
    }

    private static Object keptMap(RollupCache cache) throws ReflectiveOperationException {
        Field field = RollupCache.class.getDeclaredField("kept");
        field.setAccessible(true);
        return field.get(cache);
    }

    /** A rollup of {@code buckets} distinct latency buckets, its key of its own strings. */
    static DailyRollup rollup(int agent, int buckets, SplittableRandom random) {
        DailyRollup rollup = new DailyRollup(new DailyRollup.Key(new String("agent-" + agent),
                new String("CSPN/PM4.3"), new String("SKU1"), DAY));
        addBuckets(rollup.latencyNanos(), buckets, random);
        RollupCodec.setMinute(rollup.minutes, 60);
        return rollup;
    }

    static DailyTotal total(int measure, int buckets, SplittableRandom random) {
        DailyTotal total = new DailyTotal(new DailyTotal.Key(new String("CSPN/PM4." + measure), new String("SKU1"),
                DAY));
        addBuckets(total.latencyNanos(), buckets, random);
        return total;
    }

    /** Adds {@code buckets} distinct buckets (each 1 ms apart above the 3-digit range: one value a bucket). */
    private static void addBuckets(SparseBuckets nanos, int buckets, SplittableRandom random) {
        for (int i = 0; i < buckets; i++) {
            nanos.add(1_000_000L * (i + 1), 1 + random.nextInt(1_000));
        }
    }
}
