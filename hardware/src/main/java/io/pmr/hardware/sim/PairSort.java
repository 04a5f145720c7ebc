package io.pmr.hardware.sim;

/**
 * Sorts two parallel {@code long} arrays together by (primary, secondary), moving the values themselves rather than
 * an index into them: each merge pass reads and writes the arrays in order, which keeps a day of a large rig (millions
 * of observations) in the cache's favour, where sorting indices through a comparator jumps to a random place per
 * comparison. Equal pairs are interchangeable, so stability does not arise; callers wanting a stable order by the
 * primary put the original position in the secondary.
 *
 * <p>Threading: pure; each call works on its own arrays (one scratch copy of each, allocated per call).
 */
final class PairSort {
    /** Runs this short are sorted by insertion before merging: fewer passes over the arrays. */
    private static final int RUN = 32;

    private PairSort() {
    }

    /** Sorts {@code primary[0, size)} and {@code secondary[0, size)} together, ascending by (primary, secondary). */
    static void sort(long[] primary, long[] secondary, int size) {
        if (primary.length < size || secondary.length < size) {
            throw new IllegalArgumentException("arrays shorter than " + size);
        }
        for (int low = 0; low < size; low += RUN) {
            insertionSort(primary, secondary, low, Math.min(low + RUN, size));
        }
        long[] fromPrimary = primary;
        long[] fromSecondary = secondary;
        long[] toPrimary = new long[size];
        long[] toSecondary = new long[size];
        for (int width = RUN; width < size; width *= 2) {
            for (int low = 0; low < size; low += 2 * width) {
                int mid = Math.min(low + width, size);
                int high = Math.min(low + 2 * width, size);
                merge(fromPrimary, fromSecondary, toPrimary, toSecondary, low, mid, high);
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

    private static boolean less(long primaryA, long secondaryA, long primaryB, long secondaryB) {
        return primaryA < primaryB || (primaryA == primaryB && secondaryA < secondaryB);
    }

    private static void insertionSort(long[] primary, long[] secondary, int low, int high) {
        for (int i = low + 1; i < high; i++) {
            long p = primary[i];
            long s = secondary[i];
            int j = i - 1;
            while (j >= low && less(p, s, primary[j], secondary[j])) {
                primary[j + 1] = primary[j];
                secondary[j + 1] = secondary[j];
                j--;
            }
            primary[j + 1] = p;
            secondary[j + 1] = s;
        }
    }

    private static void merge(long[] primary, long[] secondary, long[] toPrimary, long[] toSecondary,
                              int low, int mid, int high) {
        if (mid >= high || !less(primary[mid], secondary[mid], primary[mid - 1], secondary[mid - 1])) {
            // One run, or the two already in order (common: a rig day's starts come in sorted runs).
            System.arraycopy(primary, low, toPrimary, low, high - low);
            System.arraycopy(secondary, low, toSecondary, low, high - low);
            return;
        }
        int left = low;
        int right = mid;
        int out = low;
        while (left < mid && right < high) {
            if (less(primary[right], secondary[right], primary[left], secondary[left])) {
                toPrimary[out] = primary[right];
                toSecondary[out++] = secondary[right++];
            } else {
                toPrimary[out] = primary[left];
                toSecondary[out++] = secondary[left++];
            }
        }
        int leftRest = mid - left;
        System.arraycopy(primary, left, toPrimary, out, leftRest);
        System.arraycopy(secondary, left, toSecondary, out, leftRest);
        out += leftRest;
        System.arraycopy(primary, right, toPrimary, out, high - right);
        System.arraycopy(secondary, right, toSecondary, out, high - right);
    }
}
