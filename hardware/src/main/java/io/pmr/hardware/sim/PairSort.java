package io.pmr.hardware.sim;

import java.util.Arrays;

/**
 * Sorts two parallel {@code long} arrays together by (primary, secondary), moving the values themselves rather than
 * an index into them. When the primaries are spread evenly over their range (a slice of a rig day: Poisson starts and
 * their ends), one bucket pass: each pair scattered into one of about {@code size} buckets by its primary's high
 * bits, each bucket (a handful of pairs) then sorted in place by insertion: a count, a scatter and a copy back where
 * the radix sort below makes six scatters (measured: the radix passes were half of the rig's preparing thread at 30,000 hubs). When a
 * bucket would hold more than {@link #CROWDED} pairs (clustered primaries, such as the late ends at the month's end
 * spread over 90 days), a least-significant-digit radix sort on the primary (8-bit digits over the bits in which the
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
    /** A bucket of the bucket pass holding more pairs than this: the primaries are clustered, use the radix sort. */
    private static final int CROWDED = 48;

    private PairSort() {
    }

    /** Sorts {@code primary[0, size)} and {@code secondary[0, size)} together, ascending by (primary, secondary). */
    static void sort(long[] primary, long[] secondary, int size) {
        if (primary.length < size || secondary.length < size) {
            throw new IllegalArgumentException("arrays shorter than " + size);
        }
        if (size < SMALL) {
            insertionSort(primary, secondary, 0, size);
            return;
        }
        long min = primary[0];
        long max = primary[0];
        for (int i = 1; i < size; i++) {
            min = Math.min(min, primary[i]);
            max = Math.max(max, primary[i]);
        }
        if (bucketSort(primary, secondary, size, min, max)) {
            return;
        }
        radixByPrimary(primary, secondary, size, min, max);
        sortRunsOfEqualPrimary(primary, secondary, size);
    }

    /**
     * Sorts by (primary, secondary) with one scatter into about {@code size} buckets by the primary's offset from the
     * minimum, then an insertion sort of each bucket; returns false, having moved nothing, when a bucket would hold
     * more than {@link #CROWDED} pairs. {@code min} and {@code max} are the primaries' extremes.
     */
    static boolean bucketSort(long[] primary, long[] secondary, int size, long min, long max) {
        int bucketBits = 32 - Integer.numberOfLeadingZeros(size - 1); // 2^bucketBits >= size
        int rangeBits = 64 - Long.numberOfLeadingZeros(max - min); // max - min as unsigned: no overflow
        int shift = Math.max(0, rangeBits - bucketBits);
        int[] starts = new int[(1 << bucketBits) + 1];
        for (int i = 0; i < size; i++) {
            starts[(int) ((primary[i] - min) >>> shift) + 1]++;
        }
        for (int bucket = 1; bucket < starts.length; bucket++) {
            if (starts[bucket] > CROWDED) {
                return false;
            }
            starts[bucket] += starts[bucket - 1];
        }
        long[] toPrimary = new long[size];
        long[] toSecondary = new long[size];
        int[] next = Arrays.copyOf(starts, starts.length - 1);
        for (int i = 0; i < size; i++) {
            long value = primary[i];
            int at = next[(int) ((value - min) >>> shift)]++;
            toPrimary[at] = value;
            toSecondary[at] = secondary[i];
        }
        for (int bucket = 0; bucket < starts.length - 1; bucket++) {
            if (starts[bucket + 1] - starts[bucket] > 1) {
                insertionSort(toPrimary, toSecondary, starts[bucket], starts[bucket + 1]);
            }
        }
        System.arraycopy(toPrimary, 0, primary, 0, size);
        System.arraycopy(toSecondary, 0, secondary, 0, size);
        return true;
    }

    /** Stable sort by primary alone: digits of {@code primary - min}, an unsigned offset (no overflow for any range). */
    private static void radixByPrimary(long[] primary, long[] secondary, int size, long min, long max) {
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

    /** Sorts {@code [from, to)} by (primary, secondary). */
    private static void insertionSort(long[] primary, long[] secondary, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long p = primary[i];
            long s = secondary[i];
            int j = i - 1;
            while (j >= from && less(p, s, primary[j], secondary[j])) {
                primary[j + 1] = primary[j];
                secondary[j + 1] = secondary[j];
                j--;
            }
            primary[j + 1] = p;
            secondary[j + 1] = s;
        }
    }
}
