package io.pmr.agent.spool;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LongCounts} against a {@code HashMap<Long, Integer>} doing the same, seeded, through growth and removals. */
class LongCountsTest {

    @Test
    void countsLikeAMapThroughGrowthAndRemovals() {
        for (long seed : new long[] {1, 2, 3}) {
            SplittableRandom random = new SplittableRandom(seed);
            LongCounts counts = new LongCounts();
            Map<Long, Integer> reference = new HashMap<>();
            long base = 1_598_914_800_000L;
            // minute starts (as the ledger holds), a few extremes; the key space small enough for repeats and removals
            long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, -60_000};
            for (int op = 0; op < 200_000; op++) {
                long key = random.nextInt(50) == 0 ? extremes[random.nextInt(extremes.length)]
                        : base + 60_000L * random.nextInt(op < 100_000 ? 3_000 : 300);
                if (random.nextInt(op < 100_000 ? 3 : 2) == 0) {
                    counts.decrement(key);
                    reference.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
                } else {
                    counts.increment(key);
                    reference.merge(key, 1, Integer::sum);
                }
                long probe = base + 60_000L * random.nextInt(3_000);
                assertEquals(reference.getOrDefault(probe, 0), counts.count(probe), "seed " + seed + " op " + op);
                assertEquals(reference.containsKey(key), counts.contains(key), "seed " + seed + " op " + op);
            }
            assertEquals(reference.size(), counts.size(), "seed " + seed);
            for (Map.Entry<Long, Integer> entry : reference.entrySet()) {
                assertEquals(entry.getValue(), counts.count(entry.getKey()), "seed " + seed + " key " + entry.getKey());
            }
        }
    }

    @Test
    void emptiesAndFillsAgain() {
        LongCounts counts = new LongCounts();
        for (long key = 0; key < 1_000; key++) {
            counts.increment(key * 60_000);
            counts.increment(key * 60_000);
        }
        assertEquals(1_000, counts.size());
        for (long key = 0; key < 1_000; key++) {
            counts.decrement(key * 60_000);
            assertTrue(counts.contains(key * 60_000), "held twice, released once");
            counts.decrement(key * 60_000);
            counts.decrement(key * 60_000); // absent: nothing
        }
        assertTrue(counts.isEmpty());
        assertFalse(counts.contains(0));
        counts.increment(42);
        assertEquals(1, counts.count(42));
        assertEquals(1, counts.size());
    }
}
