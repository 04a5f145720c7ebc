package io.pmr.hardware.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PairSortTest {

    /** Sorts copies with the library's sort of boxed pairs: the reference. */
    private static long[][] reference(long[] primary, long[] secondary, int size) {
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            pairs.add(new long[] {primary[i], secondary[i]});
        }
        pairs.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        long[][] out = {primary.clone(), secondary.clone()};
        for (int i = 0; i < size; i++) {
            out[0][i] = pairs.get(i)[0];
            out[1][i] = pairs.get(i)[1];
        }
        return out;
    }

    private static void assertSortsLikeReference(long[] primary, long[] secondary, int size) {
        long[][] expected = reference(primary, secondary, size);
        PairSort.sort(primary, secondary, size);
        assertArrayEquals(expected[0], primary, "primary, size " + size);
        assertArrayEquals(expected[1], secondary, "secondary, size " + size);
    }

    @Test
    void sortsByPrimaryThenSecondaryAtEverySizeAroundTheRunsAndPasses() {
        SplitMix64 random = new SplitMix64(11);
        for (int size : new int[] {0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 1_000, 4_097, 100_000}) {
            long[] primary = new long[size];
            long[] secondary = new long[size];
            for (int i = 0; i < size; i++) {
                primary[i] = random.nextLong(50) - 25; // many ties, negatives too
                secondary[i] = random.nextLong(1L << 40);
            }
            assertSortsLikeReference(primary, secondary, size);
        }
    }

    @Test
    void keepsSortedRunsAndLeavesTheTailBeyondSizeAlone() {
        int size = 10_000;
        long[] primary = new long[size + 5];
        long[] secondary = new long[size + 5];
        for (int i = 0; i < size; i++) {
            primary[i] = (i % 3) * 1_000_000L + i; // three sorted runs interleaved, like a day's regions
            secondary[i] = size - i;
        }
        for (int i = size; i < size + 5; i++) {
            primary[i] = -i;
            secondary[i] = -i;
        }
        assertSortsLikeReference(primary, secondary, size);
        assertArrayEquals(new long[] {-size, -size - 1, -size - 2, -size - 3, -size - 4},
                java.util.Arrays.copyOfRange(primary, size, size + 5), "beyond size untouched");
    }

    @Test
    void refusesArraysShorterThanTheSize() {
        assertThrows(IllegalArgumentException.class, () -> PairSort.sort(new long[3], new long[2], 3));
    }
}
