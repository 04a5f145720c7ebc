package io.pmr.agent.correlate;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PendingEvents#nextTracked}, the start-order scan's walk in one loop, finds exactly the id a walk of every id
 * with {@link PendingEvents#trackedInRing} finds: through runs of consecutive ids, gaps, ids used again, lower ids, ids
 * the ring does not take (other high 32 bits), evictions, the ring's growth and its move to the next high 32 bits.
 */
class PendingEventsScanPropertyTest {

    @Property(tries = 300, seed = "32452843")
    void findsTheFirstTrackedIdAsAWalkOfEveryIdDoes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4_000) int operations) {
        SplittableRandom random = new SplittableRandom(seed);
        PendingEvents pending = new PendingEvents(64, (id, start, deadline, cellId) -> { });
        List<Long> live = new ArrayList<>();
        long next = random.nextBoolean() ? random.nextLong() : (1L << 32) - random.nextInt(3_000) - 1;
        long lowest = next;
        for (int i = 0; i < operations; i++) {
            int what = random.nextInt(100);
            if (what < 60 || live.isEmpty()) {
                long id = switch (random.nextInt(20)) {
                    case 0 -> next += random.nextInt(200);                 // a gap
                    case 1 -> live.isEmpty() ? next : live.get(random.nextInt(live.size())) - 1; // lower, maybe used
                    case 2 -> next ^ (1L << (33 + random.nextInt(30)));    // other high bits: overflow only
                    default -> next++;                                     // the usual: the next id
                };
                int at = pending.placeFor(id);
                if (at != PendingEvents.PENDING_ALREADY) {
                    pending.insertAt(at, id, id, id + 1_000, 1, 0, 0, random.nextInt(4) != 0);
                    live.add(id);
                    lowest = id - lowest < 0 ? id : lowest;
                }
            } else {
                long id = live.remove(random.nextInt(live.size()));
                pending.remove(pending.find(id));
            }
            if (i % 7 == 0) {
                long from = next - random.nextInt(5_000);
                long end = from + random.nextInt(6_000);
                assertEquals(bruteForce(pending, from, end), pending.nextTracked(from, end),
                        "walk of [" + from + ", " + end + ") after " + i + " operations");
            }
        }
    }

    private static long bruteForce(PendingEvents pending, long from, long end) {
        for (long id = from; id != end; id++) {
            if (pending.trackedInRing(id) != PendingEvents.NOT_PENDING) {
                return id;
            }
        }
        return end;
    }
}
