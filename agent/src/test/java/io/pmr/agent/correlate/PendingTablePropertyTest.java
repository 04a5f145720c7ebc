package io.pmr.agent.correlate;

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

/** The primitive open-addressing tables behave as a map and a bounded set, through growth and deletions. */
class PendingTablePropertyTest {

    @Property(tries = 100, seed = "7919")
    void behavesLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5_000) int operations) {
        SplittableRandom random = new SplittableRandom(seed);
        PendingTable table = new PendingTable(4);
        RecentlyExpired recent = new RecentlyExpired(64);
        Map<Long, Long> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        Set<Long> recentModel = new LinkedHashSet<>();
        for (int i = 0; i < operations; i++) {
            // A small key space half of the time: many collisions and re-insertions of removed keys.
            long key = random.nextBoolean() ? random.nextLong(200) : random.nextLong();
            if (random.nextInt(3) > 0 && !model.containsKey(key)) {
                int slot = table.add(key, i, i + 10, null);
                assertEquals(key, table.messageId(slot));
                model.put(key, (long) i);
                keys.add(key);
            } else if (!keys.isEmpty()) {
                long victim = keys.remove(random.nextInt(keys.size()));
                int slot = table.find(victim);
                assertEquals((long) model.remove(victim), table.startEpochNanos(slot));
                table.remove(slot);
                recent.add(victim);
                removed.add(victim);
                if (recentModel.add(victim) && recentModel.size() > 64) {
                    recentModel.remove(recentModel.iterator().next());
                }
            }
            assertEquals(model.size(), table.size());
        }
        for (Map.Entry<Long, Long> entry : model.entrySet()) {
            assertEquals((long) entry.getValue(), table.startEpochNanos(table.find(entry.getKey())));
        }
        for (long key : removed) {
            if (!model.containsKey(key)) {
                assertEquals(-1, table.find(key));
            }
        }
        for (long key : removed) {
            assertEquals(recentModel.contains(key), recent.contains(key), "remembered iff among the last 64 first expiries");
        }
    }
}
