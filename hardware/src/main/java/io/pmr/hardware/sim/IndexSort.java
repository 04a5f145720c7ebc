package io.pmr.hardware.sim;

/**
 * A stable merge sort of indices under an order on primitives, so that parallel primitive arrays can be
 * sorted together without boxing each element.
 */
final class IndexSort {
    private IndexSort() {
    }

    /** Compares the elements at two indices, like {@link java.util.Comparator#compare}. */
    @FunctionalInterface
    interface IndexOrder {
        int compare(int left, int right);
    }

    /** The indices 0..size-1 in the given order; equal elements keep their index order (stable). */
    static int[] sortedIndices(int size, IndexOrder order) {
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        int[] buffer = new int[size];
        for (int width = 1; width < size; width *= 2) {
            for (int low = 0; low < size - width; low += 2 * width) {
                int mid = low + width;
                int high = Math.min(low + 2 * width, size);
                if (order.compare(indices[mid - 1], indices[mid]) <= 0) {
                    continue; // already in order: common, as generated streams are sorted runs
                }
                merge(indices, buffer, low, mid, high, order);
            }
        }
        return indices;
    }

    private static void merge(int[] indices, int[] buffer, int low, int mid, int high, IndexOrder order) {
        System.arraycopy(indices, low, buffer, low, high - low);
        int left = low;
        int right = mid;
        int out = low;
        while (left < mid && right < high) {
            if (order.compare(buffer[right], buffer[left]) < 0) {
                indices[out++] = buffer[right++];
            } else {
                indices[out++] = buffer[left++];
            }
        }
        while (left < mid) {
            indices[out++] = buffer[left++];
        }
        while (right < high) {
            indices[out++] = buffer[right++];
        }
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
