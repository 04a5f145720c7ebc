package io.pmr.agent;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded lock-free queue for ONE producer thread and ONE consumer thread (Lamport's ring, as in Agrona's
 * {@code OneToOneConcurrentArrayQueue} and JCTools' {@code SpscArrayQueue}): the producer alone advances the tail,
 * the consumer alone the head, each publishing its index with a volatile write after its element access, so the
 * consumer sees an element once it sees the tail past it, and the producer reuses a cell only after the consumer has
 * released it. Nothing is allocated after construction; neither side ever blocks (waiting is the caller's business,
 * see {@link AgentLoop}).
 *
 * <p>The tail and head are written with full volatile writes (not ordered "lazy" ones): a caller that publishes and
 * then reads a volatile "is the other side asleep?" flag needs the store and the load in order (Dekker), and the
 * cost is one fence per element, which here is a slot of 256 observations.
 *
 * <p>Threading: {@link #offer} from one producer thread at a time, {@link #poll} from one consumer thread at a time
 * (a handover between threads needs a happens-before, as the port's serialised calls give); {@link #isEmpty} from
 * either.
 */
final class SpscRing<E> {
    private final AtomicReferenceArray<E> cells;
    private final int mask;
    private final int capacity;
    /** The next index the producer writes. */
    private final AtomicLong tail = new AtomicLong();
    /** The next index the consumer reads. */
    private final AtomicLong head = new AtomicLong();

    /** @param capacity elements held at most (rounded up to a power of two) */
    SpscRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        int size = Integer.highestOneBit(Math.max(1, capacity - 1) << 1);
        this.cells = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.capacity = size;
    }

    /** Adds {@code element} (not null) at the tail; false, changing nothing, when the ring is full. Producer only. */
    boolean offer(E element) {
        if (element == null) {
            throw new NullPointerException("element");
        }
        long t = tail.get();
        if (t - head.get() == capacity) {
            return false;
        }
        cells.lazySet((int) t & mask, element);
        tail.set(t + 1);
        return true;
    }

    /** Removes and returns the head, or null when the ring is empty. Consumer only. */
    E poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int at = (int) h & mask;
        E element = cells.get(at);
        cells.lazySet(at, null);
        head.set(h + 1);
        return element;
    }

    /** Whether the ring held nothing at the moment of the read. */
    boolean isEmpty() {
        return head.get() == tail.get();
    }

    /** Elements the ring holds at most (a power of two). */
    int capacity() {
        return capacity;
    }
}
