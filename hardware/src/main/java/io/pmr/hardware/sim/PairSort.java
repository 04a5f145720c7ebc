package io.pmr.hardware.sim;

import java.util.Arrays;

/**
 * Sorts two parallel {@code long} arrays together by (primary, secondary), moving the values themselves rather than
 * an index into them. A least-significant-digit radix sort on the primary (8-bit digits over the bits in which the
 * primaries differ: 6 passes for a day of nanosecond timestamps), which is stable, then each run of equal
 * primaries sorted by its secondaries. Each pass reads the arrays in order and makes no data-dependent comparison:
 * on a day of a 30,000-hub rig (about 2 million observations, ends in no useful order) the merge sort it replaces
 * spent most of its time in mispredicted branches, 16 passes of them (this is about 2x quicker there).
 *
 * <p>Equal pairs are interchangeable, so stability of the whole does not arise; callers wanting a stable order by
 * the primary put the original position in the secondary (a run of equal primaries then keeps its secondaries'
 * order, already ascending, and the per-run sort finds nothing to do).
 *
 * <p>Threading: pure; each call works on its own arrays (one scratch copy of each, allocated per call).
 */
final class PairSort {
    /** Below this size an insertion sort is quicker than the radix passes' fixed costs. */
    private static final int SMALL = 64;
    /** 8 bits: 256 places to scatter to per pass stay in the cache; 11 to 16 bits were slower on a day of 2 million. */
    private static final int DIGIT_BITS = 8;
    private static final int BUCKETS = 1 << DIGIT_BITS;
    private static final long DIGIT_MASK = BUCKETS - 1;

    private PairSort() {
    }

    /** Sorts {@code primary[0, size)} and {@code secondary[0, size)} together, ascending by (primary, secondary). */
    static void sort(long[] primary, long[] secondary, int size) {
        if (primary.length < size || secondary.length < size) {
            throw new IllegalArgumentException("arrays shorter than " + size);
        }
        if (size < SMALL) {
            insertionSort(primary, secondary, size);
            return;
        }
        radixByPrimary(primary, secondary, size);
        sortRunsOfEqualPrimary(primary, secondary, size);
    }

    /** Stable sort by primary alone: digits of {@code primary - min}, an unsigned offset (no overflow for any range). */
    private static void radixByPrimary(long[] primary, long[] secondary, int size) {
        long min = primary[0];
        long max = primary[0];
        for (int i = 1; i < size; i++) {
            min = Math.min(min, primary[i]);
            max = Math.max(max, primary[i]);
        }
        int bits = 64 - Long.numberOfLeadingZeros(max - min);
        long[] fromPrimary = primary;
        long[] fromSecondary = secondary;
        long[] toPrimary = null;
        long[] toSecondary = null;
        int[] starts = new int[BUCKETS];
        for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
            Arrays.fill(starts, 0);
            for (int i = 0; i < size; i++) {
                starts[(int) (((fromPrimary[i] - min) >>> shift) & DIGIT_MASK)]++;
            }
            if (oneBucket(starts, size)) {
                continue; // every value has this digit: the pass would move nothing
            }
            int offset = 0;
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                int count = starts[bucket];
                starts[bucket] = offset;
                offset += count;
            }
            if (toPrimary == null) {
                toPrimary = new long[size];
                toSecondary = new long[size];
            }
            for (int i = 0; i < size; i++) {
                long value = fromPrimary[i];
                int at = starts[(int) (((value - min) >>> shift) & DIGIT_MASK)]++;
                toPrimary[at] = value;
                toSecondary[at] = fromSecondary[i];
            }
            long[] swap = fromPrimary;
            fromPrimary = toPrimary;
            toPrimary = swap;
            swap = fromSecondary;
            fromSecondary = toSecondary;
            toSecondary = swap;
        }
        if (fromPrimary != primary) {
            System.arraycopy(fromPrimary, 0, primary, 0, size);
            System.arraycopy(fromSecondary, 0, secondary, 0, size);
        }
    }

    private static boolean oneBucket(int[] counts, int size) {
        for (int count : counts) {
            if (count != 0) {
                return count == size;
            }
        }
        return true;
    }

    /** After the stable sort by primary: orders each run of equal primaries by secondary (runs are rare and short). */
    private static void sortRunsOfEqualPrimary(long[] primary, long[] secondary, int size) {
        int runStart = 0;
        for (int i = 1; i <= size; i++) {
            if (i == size || primary[i] != primary[runStart]) {
                if (i - runStart > 1) {
                    Arrays.sort(secondary, runStart, i);
                }
                runStart = i;
            }
        }
    }

    private static boolean less(long primaryA, long secondaryA, long primaryB, long secondaryB) {
        return primaryA < primaryB || (primaryA == primaryB && secondaryA < secondaryB);
    }

    private static void insertionSort(long[] primary, long[] secondary, int size) {
        for (int i = 1; i < size; i++) {
            long p = primary[i];
            long s = secondary[i];
            int j = i - 1;
            while (j >= 0 && less(p, s, primary[j], secondary[j])) {
                primary[j + 1] = primary[j];
                secondary[j + 1] = secondary[j];
                j--;
            }
            primary[j + 1] = p;
            secondary[j + 1] = s;
        }
    }
}
