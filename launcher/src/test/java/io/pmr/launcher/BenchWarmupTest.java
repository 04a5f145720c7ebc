package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up rule of {@code pmr bench ingest}: at least the minimum, then until two rounds in a row compiled at most
 * the quiet threshold, at most the cap. The JIT's clock here is scripted: each round "compiles" a given number of ms,
 * the round's settle (the JIT-idle wait) the rest a real compile queued by the round would take.
 */
class BenchWarmupTest {

    /** Runs the rule over rounds that compile {@code millisByRound} (half in the round, half in its settle). */
    private static BenchWarmup.Result run(int min, int max, long quiet, long... millisByRound) throws Exception {
        long[] clock = new long[1];
        List<Integer> ran = new ArrayList<>();
        BenchWarmup.Result result = BenchWarmup.run(min, max, quiet, round -> {
            ran.add(round);
            clock[0] += millisByRound[round - 1] / 2;
        }, () -> clock[0], () -> clock[0] += millisByRound[ran.size() - 1] - millisByRound[ran.size() - 1] / 2);
        assertEquals(result.rounds(), ran.size());
        for (int i = 0; i < ran.size(); i++) {
            assertEquals(i + 1, ran.get(i), "rounds numbered from 1");
        }
        return result;
    }

    @Test
    void itStopsAfterTwoQuietRoundsInARowCountingWhatTheSettleCompiled() throws Exception {
        BenchWarmup.Result result = run(2, 8, 100, 9_000, 6_000, 75, 1_400, 1_300, 40, 100, 5, 5);

        assertEquals(List.of(9_000L, 6_000L, 75L, 1_400L, 1_300L, 40L, 100L), result.compileMillisByRound(),
                "one quiet round (75 ms) is not enough: the next compiled 1,400; 40 then 100 (<= 100) end it");
        assertTrue(result.quiet());
    }

    @Test
    void itRunsAtLeastTheMinimumEvenWhenQuiet() throws Exception {
        BenchWarmup.Result result = run(3, 8, 100, 0, 0, 0, 0);

        assertEquals(3, result.rounds());
        assertTrue(result.quiet());
    }

    @Test
    void itStopsAtTheCapStillCompiling() throws Exception {
        BenchWarmup.Result result = run(2, 4, 100, 900, 800, 50, 700, 10, 10);

        assertEquals(List.of(900L, 800L, 50L, 700L), result.compileMillisByRound());
        assertFalse(result.quiet(), "the cap, not a quiet pair, ended it");
    }

    @Test
    void aFixedCountIsTheMethodBefore() throws Exception {
        BenchWarmup.Result result = run(2, 2, 100, 9_000, 6_000, 5, 5);

        assertEquals(2, result.rounds(), "--warmup-max-rounds equal to --warmup-rounds: two rounds whatever they compile");
        assertFalse(result.quiet());
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> run(0, 2, 100, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> run(3, 2, 100, 0, 0, 0));
    }
}
