package io.pmr.agent.correlate;

/**
 * The last {@code capacity} message ids that timed out, so that an end arriving after its event's deadline
 * is told apart (a late end) from one with an id never seen (an unknown end). Bounded: the oldest id is
 * forgotten first; a very late end past that horizon counts as unknown. Open addressing with
 * backward-shift deletion plus a FIFO ring for eviction order; no allocation after construction.
 *
 * <p>Threading: single-threaded.
 */
final class RecentlyExpired {
    private final long[] order;
    private final long[] keys;
    private final boolean[] used;
    private final int mask;
    private int head;
    private int size;

    RecentlyExpired(int capacity) {
        int ringCapacity = Integer.highestOneBit(Math.max(16, capacity - 1) << 1);
        order = new long[ringCapacity];
        keys = new long[ringCapacity * 2];
        used = new boolean[ringCapacity * 2];
        mask = keys.length - 1;
    }

    void add(long messageId) {
        if (contains(messageId)) {
            return;
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
        return "RecentlyExpired[size=" + size + ", capacity=" + order.length + "]";
    }
}
