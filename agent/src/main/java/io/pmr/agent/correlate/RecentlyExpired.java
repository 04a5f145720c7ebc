package io.pmr.agent.correlate;

/**
 * The last {@code capacity} message ids that timed out, so that an end arriving after its event's deadline
 * is told apart (a late end) from one with an id never seen (an unknown end). Bounded: the oldest id is
 * forgotten first; a very late end past that horizon counts as unknown. Open addressing with
 * backward-shift deletion plus a FIFO ring for eviction order. The storage starts small and doubles as ids
 * time out, up to {@code capacity} (an agent whose events seldom time out never holds the full set); after
 * that, no allocation.
 *
 * <p>Threading: single-threaded.
 */
final class RecentlyExpired {
    private static final int INITIAL_CAPACITY = 1_024;
    /** Ids kept at most (a power of two). */
    private final int capacity;
    private long[] order;
    private long[] keys;
    private boolean[] used;
    private int mask;
    private int head;
    private int size;

    /** @param capacity ids remembered at most (rounded up to a power of two, at least 16) */
    RecentlyExpired(int capacity) {
        this.capacity = Integer.highestOneBit(Math.max(16, capacity - 1) << 1);
        allocate(Math.min(this.capacity, INITIAL_CAPACITY));
    }

    private void allocate(int ringCapacity) {
        order = new long[ringCapacity];
        keys = new long[ringCapacity * 2];
        used = new boolean[ringCapacity * 2];
        mask = keys.length - 1;
        head = 0;
        size = 0;
    }

    /** Doubles the storage, keeping the ids and their order. */
    private void grow() {
        long[] oldOrder = order;
        int oldHead = head;
        int oldSize = size;
        allocate(oldOrder.length * 2);
        for (int i = 0; i < oldSize; i++) {
            add(oldOrder[(oldHead + i) & (oldOrder.length - 1)]);
        }
    }

    void add(long messageId) {
        if (contains(messageId)) {
            return;
        }
        if (size == order.length && order.length < capacity) {
            grow();
        }
        if (size == order.length) {
            remove(order[head]);
            head = (head + 1) & (order.length - 1);
            size--;
        }
        order[(head + size) & (order.length - 1)] = messageId;
        size++;
        int i = bucket(messageId);
        while (used[i]) {
            i = (i + 1) & mask;
        }
        keys[i] = messageId;
        used[i] = true;
    }

    boolean contains(long messageId) {
        int i = bucket(messageId);
        while (used[i]) {
            if (keys[i] == messageId) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void remove(long messageId) {
        int hole = bucket(messageId);
        while (keys[hole] != messageId || !used[hole]) {
            hole = (hole + 1) & mask;
        }
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (!used[i]) {
                break;
            }
            int home = bucket(keys[i]);
            boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween) {
                keys[hole] = keys[i];
                hole = i;
            }
        }
        used[hole] = false;
    }

    private int bucket(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @Override
    public String toString() {
        return "RecentlyExpired[size=" + size + ", allocated=" + order.length + ", capacity=" + capacity + "]";
    }
}
