package io.pmr.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How long one side of {@code pmr bench ingest} warms up: at least {@code minRounds} rounds, then more until the last
 * {@link #QUIET_IN_A_ROW} rounds each made the JIT compile for at most {@code quietCompileMillis}, at most
 * {@code maxRounds} in all. A round's compilation is the JIT's total compilation time (milliseconds its compiler
 * threads spent compiling) from the round's start until the JIT has settled after it, so a compile the round queued
 * counts in that round.
 *
 * <p>Why rounds until quiet and not a fixed count: code that runs once a commit (the writer's rollup and Ack flushes,
 * a few hundred times a warm-up round) climbs the JIT's tiers one round at a time, and after two rounds of 100,000
 * messages C2 still compiled it inside the measured rounds (0.2 to 0.7 s a compile, ingest round 10 in
 * docs/performance.md), which a long-running collector pays once. The rule is the same for both sides: the loopback,
 * whose code is hot after fewer rounds, stops sooner when its rounds compile nothing. Two quiet rounds in a row, not
 * one: code run a few hundred times a round can reach C2's threshold a round after one that compiled nothing (a pmr
 * warm-up on Mosquitto compiled 75 ms, then 1,436 and 1,292 ms; docs/performance.md, ingest round 11). Stateless;
 * the round and the clock it reads run on the caller's thread.
 */
final class BenchWarmup {
    /** Quiet rounds in a row that end a warm-up. */
    static final int QUIET_IN_A_ROW = 2;

    private BenchWarmup() {
    }

    /** One warm-up round, numbered from 1. */
    @FunctionalInterface
    interface Round {
        void run(int round) throws Exception;
    }

    /**
     * What a side's warm-up did: the JIT's compilation milliseconds of each round run, in order, and whether it ended
     * quiet (false: it stopped at the cap, still compiling).
     */
    record Result(List<Long> compileMillisByRound, boolean quiet) {
        Result {
            compileMillisByRound = List.copyOf(compileMillisByRound);
        }

        int rounds() {
            return compileMillisByRound.size();
        }
    }

    /**
     * Runs the rounds.
     *
     * @param compileMillis      the JIT's total compilation time so far, in ms (a constant when the JVM does not
     *                           report it: every round is then quiet and the minimum is run)
     * @param settle             waits until the JIT is idle (or a cap), after each round
     */
    static Result run(int minRounds, int maxRounds, long quietCompileMillis, Round round, LongSupplier compileMillis,
            Runnable settle) throws Exception {
        if (minRounds < 1 || maxRounds < minRounds) {
            throw new IllegalArgumentException("rounds must be 1 <= min <= max, were " + minRounds + " and "
                    + maxRounds);
        }
        List<Long> compiled = new ArrayList<>();
        int quietInARow = 0;
        for (int number = 1; ; number++) {
            long before = compileMillis.getAsLong();
            round.run(number);
            settle.run();
            long spent = compileMillis.getAsLong() - before;
            compiled.add(spent);
            quietInARow = spent <= quietCompileMillis ? quietInARow + 1 : 0;
            boolean quiet = quietInARow >= QUIET_IN_A_ROW;
            if (number >= minRounds && quiet || number >= maxRounds) {
                return new Result(compiled, quiet);
            }
        }
    }
}
