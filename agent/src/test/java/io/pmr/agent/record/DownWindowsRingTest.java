package io.pmr.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The probes waiting for a verdict ({@code DownWindows.Ring}) against a list model walked from the oldest: the same
 * answer to every verdict and the same oldest-first order of decided probes, whether the ids arrive from a counter
 * (searched) or in any other shape (repeated, decreasing: walked), behind long runs of waiting probes (a lost one).
 */
class DownWindowsRingTest {

    @Test
    void aVerdictFindsItsProbeAsAWalkFromTheOldestWould() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            boolean counterIds = seed % 4 != 0;
            DownWindows.Ring ring = new DownWindows.Ring();
            List<long[]> model = new ArrayList<>(); // {id, start, verdict}
            long nextId = random.nextInt(1_000);
            for (int step = 0; step < 20_000; step++) {
                int action = random.nextInt(10);
                if (action < 5) {
                    long id = counterIds ? nextId++ : random.nextInt(300);
                    long start = step;
                    ring.add(id, start);
                    model.add(new long[] {id, start, 0});
                } else if (action < 9 && !model.isEmpty()) {
                    // mostly a recent probe, sometimes an unknown or an already decided id
                    long id = random.nextInt(20) == 0 ? random.nextLong()
                            : model.get(model.size() - 1 - random.nextInt(Math.min(model.size(), 50)))[0];
                    byte verdict = (byte) (1 + random.nextInt(2));
                    assertEquals(decide(model, id, verdict), ring.decide(id, verdict), "seed " + seed + " step " + step);
                } else {
                    // pop what is decided at the head, as DownWindows.verdict does
                    while (!model.isEmpty() && model.get(0)[2] != 0) {
                        assertEquals(model.get(0)[2], ring.headVerdict(), "seed " + seed + " step " + step);
                        assertEquals(model.get(0)[1], ring.headStart(), "seed " + seed + " step " + step);
                        ring.pop();
                        model.remove(0);
                    }
                    // a lost probe holds the head for a while: leave a long run behind it
                }
                if (step % 97 == 0) {
                    assertEquals(strictlyIncreasing(model), ring.ascending(), "seed " + seed + " step " + step);
                }
            }
        }
    }

    private static boolean decide(List<long[]> model, long id, byte verdict) {
        for (long[] probe : model) {
            if (probe[0] == id && probe[2] == 0) {
                probe[2] = verdict;
                return true;
            }
        }
        return false;
    }

    /**
     * One id out of order turns the search off only while it waits: once it and every id not above the one before it
     * have left, verdicts are searched again (the flag used to come back only when the ring emptied).
     */
    @Test
    void theSearchComesBackOnceTheOutOfOrderIdLeaves() {
        DownWindows.Ring ring = new DownWindows.Ring();
        for (long id = 100; id < 120; id++) {
            ring.add(id, id);
        }
        ring.add(105, 120); // an id used again: out of order
        for (long id = 121; id < 200; id++) {
            ring.add(id, id);
        }
        assertEquals(false, ring.ascending());
        for (long id = 100; id < 119; id++) {
            assertEquals(true, ring.decide(id, (byte) 1));
            ring.pop();
        }
        assertEquals(false, ring.ascending(), "119 then 105 still wait");
        assertEquals(true, ring.decide(105, (byte) 2), "walked: the later 105 is found");
        assertEquals(true, ring.decide(119, (byte) 1));
        ring.pop();
        assertEquals(true, ring.ascending(), "105, 121..199 are strictly increasing: searched again");
        assertEquals(2, ring.headVerdict());
        assertEquals(120, ring.headStart());
        assertEquals(true, ring.decide(150, (byte) 1));
        assertEquals(false, ring.decide(150, (byte) 1), "decided already");
        assertEquals(false, ring.decide(105, (byte) 1), "decided already");
        assertEquals(false, ring.decide(120, (byte) 1), "never started");
    }

    private static boolean strictlyIncreasing(List<long[]> model) {
        for (int i = 1; i < model.size(); i++) {
            if (model.get(i)[0] <= model.get(i - 1)[0]) {
                return false;
            }
        }
        return true;
    }
}
