package io.pmr.agent.correlate;

/**
 * The deadlines of pending events of one measure started under one TRT, in deadline order: with one TRT and starts
 * arriving in time order, the order they were added in. An entry is (message id, deadline); an entry whose event
 * already ended is skipped when its deadline passes ({@code Deadlines} looks the id up). An entry that would break
 * the order (a start older than the one before it) is refused by {@link #add}, and goes to a heap instead, so the
 * expiry can stop at the first deadline not past.
 *
 * <p>A growable ring of primitive pairs, side by side (four entries to a cache line); grows only when more events are
 * pending than ever before. Threading: single-threaded.
 */
final class DeadlineQueue {
    /** Entry i at {@code [2i]} (message id) and {@code [2i + 1]} (deadline). */
    private long[] ring;
    private int mask;
    private int head;
    private int size;
    private long lastDeadline = Long.MIN_VALUE;

    DeadlineQueue(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        ring = new long[capacity * 2];
        mask = capacity - 1;
    }

    /**
     * Adds an entry at the tail unless its deadline is earlier than the last one added.
     *
     * @return whether it was added (false: out of order, nothing changed)
     */
    boolean add(long messageId, long deadlineEpochNanos) {
        if (deadlineEpochNanos < lastDeadline) {
            return false;
        }
        if (size == mask + 1) {
            grow();
        }
        int at = ((head + size) & mask) * 2;
        ring[at] = messageId;
        ring[at + 1] = deadlineEpochNanos;
        size++;
        lastDeadline = deadlineEpochNanos;
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The message id of the earliest entry; only when not {@link #isEmpty}. */
    long peekMessageId() {
        return ring[head * 2];
    }

    /** The deadline of the earliest entry; only when not {@link #isEmpty}. */
    long peekDeadline() {
        return ring[head * 2 + 1];
    }

    void poll() {
        head = (head + 1) & mask;
        size--;
    }

    private void grow() {
        int capacity = mask + 1;
        long[] bigger = new long[capacity * 4];
        for (int i = 0; i < size; i++) {
            int from = ((head + i) & mask) * 2;
            bigger[2 * i] = ring[from];
            bigger[2 * i + 1] = ring[from + 1];
        }
        ring = bigger;
        mask = capacity * 2 - 1;
        head = 0;
    }

    @Override
    public String toString() {
        return "DeadlineQueue[size=" + size + ", capacity=" + (mask + 1) + "]";
    }
}
