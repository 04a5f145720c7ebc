package io.pmr.hardware.sim;

/**
 * Permutations of parallel primitive arrays by an order of indices (from {@link PairSort} over the positions), so
 * that they can be put in one order without boxing each element.
 */
final class IndexSort {
    private IndexSort() {
    }

    static long[] permute(long[] values, int[] order) {
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    static int[] permute(int[] values, int[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    static short[] permute(short[] values, int[] order) {
        short[] out = new short[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
