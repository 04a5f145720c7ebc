package io.pmr.agent.correlate;

/**
 * The deadlines of the pending events of one measure started under one TRT, in the order their starts arrived. With
 * one TRT, when starts arrive in time order their deadlines are in order too: a FIFO is enough, no heap (a TRT change
 * opens another queue, see {@code Correlator}).
 * Entries are {@code (generation << 32) | slot}; an entry whose slot's generation moved on belongs to an
 * event that already completed and is skipped.
 *
 * <p>A growable ring buffer of primitives; grows only when more events are pending than ever before.
 * Threading: single-threaded.
 */
final class DeadlineQueue {
    private long[] ring;
    private int head;
    private int size;

    DeadlineQueue(int initialCapacity) {
        ring = new long[Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1)];
    }

    static long entry(int slot, int generation) {
        return ((long) generation << 32) | (slot & 0xffffffffL);
    }

    static int slot(long entry) {
        return (int) entry;
    }

    static int generation(long entry) {
        return (int) (entry >>> 32);
    }

    void add(long entry) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = entry;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long peek() {
        return ring[head];
    }

    void poll() {
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    private void grow() {
        long[] bigger = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        return "DeadlineQueue[size=" + size + ", capacity=" + ring.length + "]";
    }
}
