package io.pmr.hardware.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void sortsADayOfTimestampsAndTheWholeRangeOfLongs() {
        SplitMix64 random = new SplitMix64(29);
        int size = 200_000;
        long[] primary = new long[size];
        long[] secondary = new long[size];
        long midnight = 1_598_914_800_000_000_000L;
        for (int i = 0; i < size; i++) { // a rig day: nanosecond instants in whole microseconds, some shared
            primary[i] = midnight + random.nextLong(86_400_000_000L / (i % 50 == 0 ? 1_000_000 : 1)) * 1_000L;
            secondary[i] = random.nextLong(Long.MAX_VALUE) - random.nextLong(Long.MAX_VALUE);
        }
        assertSortsLikeReference(primary, secondary, size);
        long[] extremes = {Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE + 1, 42};
        for (int i = 0; i < size; i++) { // offsets from the minimum that overflow a signed long
            primary[i] = extremes[(int) random.nextLong(extremes.length)] - random.nextLong(3);
            secondary[i] = size - i;
        }
        assertSortsLikeReference(primary, secondary, size);
        for (int i = 0; i < size; i++) { // one value: every pass skipped, the whole array one run of ties
            primary[i] = 7;
            secondary[i] = random.nextLong(1_000);
        }
        assertSortsLikeReference(primary, secondary, size);
    }

    /**
     * A slice of a rig day (whole-microsecond instants spread over 3 hours, some shared, negative offsets from the
     * minimum's sign too) takes the bucket pass; the same with a tail of ends spread over 90 days (the month's last
     * slice) crowds one bucket, so the bucket pass declines without moving anything and the radix sort sorts it.
     */
    @Test
    void evenlySpreadPrimariesTakeTheBucketPassAndClusteredOnesTheRadixSort() {
        SplitMix64 random = new SplitMix64(41);
        long sliceStart = 1_598_914_800_000_000_000L;
        long threeHoursMicros = 3L * 3600 * 1_000_000;
        for (int size : new int[] {64, 65, 1_000, 4_096, 4_097, 240_000}) {
            long[] primary = new long[size];
            long[] secondary = new long[size];
            for (int i = 0; i < size; i++) {
                primary[i] = i % 7 == 6 ? primary[(int) random.nextLong(i)] // a tie with an earlier pair
                        : sliceStart + random.nextLong(threeHoursMicros) * 1_000L;
                secondary[i] = random.nextLong(Long.MAX_VALUE) - random.nextLong(Long.MAX_VALUE);
            }
            long[][] expected = reference(primary, secondary, size);
            assertTrue(PairSort.bucketSort(primary, secondary, size, min(primary, size), max(primary, size)), "evenly spread, size " + size);
            assertArrayEquals(expected[0], primary, "primary, size " + size);
            assertArrayEquals(expected[1], secondary, "secondary, size " + size);

            for (int i = 0; i < size; i++) {
                primary[i] = i % 10 == 0 ? sliceStart + random.nextLong(90L * 24 * 3600 * 1_000_000) * 1_000L
                        : sliceStart - 1 - random.nextLong(threeHoursMicros);
            }
            long[] clustered = primary.clone();
            long[] clusteredSecondary = secondary.clone();
            assertFalse(PairSort.bucketSort(primary, secondary, size, min(primary, size), max(primary, size)), "clustered, size " + size);
            assertArrayEquals(clustered, primary, "declined: nothing moved");
            assertArrayEquals(clusteredSecondary, secondary, "declined: nothing moved");
            assertSortsLikeReference(primary, secondary, size);
        }
    }

    @Test
    void refusesArraysShorterThanTheSize() {
        assertThrows(IllegalArgumentException.class, () -> PairSort.sort(new long[3], new long[2], 3));
    }

    private static long min(long[] values, int size) {
        return Arrays.stream(values, 0, size).min().orElseThrow();
    }

    private static long max(long[] values, int size) {
        return Arrays.stream(values, 0, size).max().orElseThrow();
    }
}
