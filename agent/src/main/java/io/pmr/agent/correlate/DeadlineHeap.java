package io.pmr.agent.correlate;

/**
 * The deadlines of the pending events of one measure whose deadline is not {@code start + one TRT}: a wall-clock
 * deadline ({@code by 06:59 next day}) or a rule scheduled beside another, so deadlines need not arrive in order. A
 * binary min-heap on the deadline, in two parallel primitive arrays (deadline, message id):
 * {@link #add} and {@link #poll} are O(log n) and allocate nothing once the arrays have grown to the most events
 * ever pending (they grow by doubling). Equal deadlines come out in no particular order; every one of them is past
 * together.
 *
 * <p>Threading: single-threaded (the record path).
 */
final class DeadlineHeap {
    private long[] deadlines;
    private long[] entries;
    private int size;

    DeadlineHeap(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        deadlines = new long[capacity];
        entries = new long[capacity];
    }

    /** Adds an entry with its deadline, UTC epoch nanoseconds. */
    void add(long deadlineEpochNanos, long entry) {
        if (size == deadlines.length) {
            deadlines = java.util.Arrays.copyOf(deadlines, size * 2);
            entries = java.util.Arrays.copyOf(entries, size * 2);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (deadlines[parent] <= deadlineEpochNanos) {
                break;
            }
            deadlines[child] = deadlines[parent];
            entries[child] = entries[parent];
            child = parent;
        }
        deadlines[child] = deadlineEpochNanos;
        entries[child] = entry;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The earliest deadline; only when not {@link #isEmpty}. */
    long peekDeadline() {
        return deadlines[0];
    }

    /** The entry of the earliest deadline; only when not {@link #isEmpty}. */
    long peekEntry() {
        return entries[0];
    }

    /** Removes the entry of the earliest deadline; only when not {@link #isEmpty}. */
    void poll() {
        size--;
        if (size == 0) {
            return;
        }
        long deadline = deadlines[size];
        long entry = entries[size];
        int parent = 0;
        while (true) {
            int child = 2 * parent + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && deadlines[child + 1] < deadlines[child]) {
                child++;
            }
            if (deadlines[child] >= deadline) {
                break;
            }
            deadlines[parent] = deadlines[child];
            entries[parent] = entries[child];
            parent = child;
        }
        deadlines[parent] = deadline;
        entries[parent] = entry;
    }

    @Override
    public String toString() {
        return "DeadlineHeap[size=" + size + ", capacity=" + deadlines.length + "]";
    }
}
