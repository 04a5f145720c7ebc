package io.pmr.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * The rounds of {@code pmr bench store} ({@link BenchStoreCommand}): each side's figures per round and their medians.
 * One pass of each side on a shared machine swings by more than the gap measured (a 2-core VM with other work on it:
 * its wall time is mostly {@code fsync} waits); the median of rounds run in turns, each side first in every other
 * round, depends less on one pass and on which side goes first. Stateless.
 */
final class BenchStoreRounds {
    private BenchStoreRounds() {
    }

    /** One side's timed run: interval rows per second, and its thread's CPU per envelope in microseconds. */
    record Side(double rate, double cpuMicros) {
    }

    /** The median of one figure over the rounds. */
    static double median(List<Side> sides, ToDoubleFunction<Side> figure) {
        return median(sides.stream().mapToDouble(figure).toArray());
    }

    /** The median over the rounds of a figure of both sides of each round (a ratio). */
    static double medianOfRounds(List<Side> raws, List<Side> stores, ToDoubleBiFunction<Side, Side> figure) {
        double[] values = new double[raws.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = figure.applyAsDouble(raws.get(i), stores.get(i));
        }
        return median(values);
    }

    /** The middle value (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
