package io.pmr.agent.correlate;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The primitive open-addressing tables behave as a map and a bounded set, through growth and deletions: the overflow
 * of pending events through the calls {@link PendingEvents} makes (add, probe, remove at the probed bucket), and the
 * set of recent expiries.
 */
class PendingTablePropertyTest {

    /** Per pending id, what was stored (start, deadline, hub, group) and the slot it went to. */
    private record Stored(long start, long deadline, long device, long group, int cellId, int slot) {
    }

    @Property(tries = 100, seed = "7919")
    void behavesLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5_000) int operations) {
        SplittableRandom random = new SplittableRandom(seed);
        PendingTable table = new PendingTable(4);
        RecentlyExpired recent = new RecentlyExpired(64);
        Map<Long, Stored> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        Set<Long> recentModel = new LinkedHashSet<>();
        // Phases that fill and drain the table: slots freed and reused, the index grown past what is pending.
        int phaseLength = 1 + random.nextInt(2_000);
        for (int i = 0; i < operations; i++) {
            boolean filling = (i / phaseLength) % 2 == 0;
            // A small key space half of the time: many collisions and re-insertions of removed keys.
            long key = random.nextBoolean() ? random.nextLong(200) : random.nextLong();
            int insertOdds = filling ? 4 : 1;
            if (random.nextInt(insertOdds + 1) > 0 || keys.isEmpty()) {
                int probed = table.probe(key);
                if (model.containsKey(key)) {
                    assertTrue(probed >= 0, "a pending id is found");
                    assertEquals(model.get(key).slot(), table.slotAt(probed));
                    continue;
                }
                assertTrue(probed < 0, "an id not pending is not found");
                long device = random.nextLong();
                long group = random.nextLong();
                int cellId = random.nextInt(PendingTable.MAX_CELL_ID + 1);
                int slot = table.add(key, i, i + 10L, cellId, device, group);
                assertEquals(key, table.messageId(slot));
                model.put(key, new Stored(i, i + 10L, device, group, cellId, slot));
                keys.add(key);
            } else {
                long victim = keys.remove(random.nextInt(keys.size()));
                Stored stored = model.remove(victim);
                int bucket = table.probe(victim);
                assertTrue(bucket >= 0);
                int slot = table.slotAt(bucket);
                assertEquals(stored.slot(), slot);
                assertEquals(stored.start(), table.startEpochNanos(slot));
                assertEquals(stored.deadline(), table.deadlineEpochNanos(slot));
                assertEquals(stored.device(), table.deviceId(slot));
                assertEquals(stored.group(), table.groupId(slot));
                assertEquals(stored.cellId(), table.cellId(slot));
                table.removeAt(bucket);
                assertTrue(table.probe(victim) < 0, "a removed id is not found");
                recent.add(victim);
                removed.add(victim);
                if (recentModel.add(victim) && recentModel.size() > 64) {
                    recentModel.remove(recentModel.iterator().next());
                }
            }
            assertEquals(model.size(), table.size());
            assertIndexSizedToPending(table);
        }
        for (Map.Entry<Long, Stored> entry : model.entrySet()) {
            int slot = table.slotAt(table.probe(entry.getKey()));
            assertEquals(entry.getValue().slot(), slot);
            assertEquals(entry.getValue().start(), table.startEpochNanos(slot));
            assertEquals(entry.getValue().cellId(), table.cellId(slot));
        }
        for (long key : removed) {
            if (!model.containsKey(key)) {
                assertTrue(table.probe(key) < 0);
            }
        }
        for (long key : removed) {
            assertEquals(recentModel.contains(key), recent.contains(key), "remembered iff among the last 64 first expiries");
        }
    }

    /** At most a quarter full. */
    private static void assertIndexSizedToPending(PendingTable table) {
        int buckets = table.buckets();
        assertTrue(Integer.bitCount(buckets) == 1 && buckets >= PendingTable.MIN_BUCKETS, "buckets " + buckets);
        assertTrue(table.size() <= buckets >>> PendingTable.GROW_SHIFT, table.size() + " pending in " + buckets + " buckets");
    }

    @Property(tries = 20, seed = "104729")
    void indexGrowsWithPendingAndKeepsItsHighWaterMark(@ForAll @IntRange(min = 100, max = 20_000) int peak) {
        PendingTable table = new PendingTable(16);
        for (long id = 0; id < peak; id++) {
            table.add(id * 31, id, id, (int) id, 0, 0);
        }
        assertTrue(table.buckets() / 4 >= peak && table.buckets() / 8 < peak, table.buckets() + " buckets for " + peak);
        int slotsAtPeak = table.capacity();
        int bucketsAtPeak = table.buckets();
        for (long id = 0; id < peak; id++) {
            table.removeAt(table.probe(id * 31));
            assertIndexSizedToPending(table);
        }
        assertEquals(0, table.size());
        assertEquals(bucketsAtPeak, table.buckets(), "the index keeps its high-water mark: no new index per swing");
        assertEquals(slotsAtPeak, table.capacity(), "slots keep their high-water mark");
    }

    /**
     * The set of recent expiries starts small and grows as ids time out: while it grows (past its first 1,024)
     * it forgets nothing, then it remembers exactly the last {@code capacity} ids, oldest forgotten first.
     */
    @Property(tries = 20, seed = "6151")
    void recentExpiriesGrowThenForgetTheOldest(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12_000) int ids) {
        SplittableRandom random = new SplittableRandom(seed);
        RecentlyExpired recent = new RecentlyExpired(4_096);
        List<Long> added = new ArrayList<>();
        Set<Long> model = new LinkedHashSet<>();
        for (int i = 0; i < ids; i++) {
            // Sequential ids half of the time (as an agent's are), repeats now and then (an id added again is no-op).
            long id = random.nextInt(10) == 0 && !added.isEmpty() ? added.get(random.nextInt(added.size()))
                    : random.nextBoolean() ? i : random.nextLong();
            recent.add(id);
            added.add(id);
            if (model.add(id) && model.size() > 4_096) {
                model.remove(model.iterator().next());
            }
        }
        for (long id : added) {
            assertEquals(model.contains(id), recent.contains(id), "id " + id + " remembered iff among the last 4,096");
        }
        assertTrue(!recent.contains(-1L) || model.contains(-1L));
    }

    @Example
    void addingAPendingIdIsRefusedAndTheTableIsUnchanged() {
        PendingTable table = new PendingTable(16);
        int slot = table.add(42, 1, 2, PendingTable.MAX_CELL_ID, 0, 0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> table.add(42, 3, 4, 0, 0, 0));
        assertTrue(e.getMessage().contains("message 42 is pending already"), e.getMessage());
        assertEquals(1, table.size());
        assertEquals(slot, table.slotAt(table.probe(42)));
        assertEquals(1, table.startEpochNanos(slot));
        assertEquals(2, table.deadlineEpochNanos(slot));
        assertEquals(PendingTable.MAX_CELL_ID, table.cellId(slot));
    }
}
