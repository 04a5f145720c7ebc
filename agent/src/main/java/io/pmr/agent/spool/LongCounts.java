package io.pmr.agent.spool;

/**
 * How many times each {@code long} key was added and not yet removed: a hash table of primitive keys and counts
 * (open addressing, linear probing, deletion by backward shift, so no tombstones pile up as keys come and go).
 * The sent-interval ledger keeps one per (measure, scope) for the interval starts its held envelopes carry: at
 * 30,000 hubs thousands of interval keys per hourly batch are added when an envelope is written and removed when it
 * is acknowledged, where a {@code HashMap<Long, Integer>} boxed each key and count and hashed a concatenated series
 * name per key.
 *
 * <p>Any {@code long} is a key (a slot is free when its count is 0). Grows at half full; never shrinks (a series keeps
 * its table for the run: the ledger reuses it). Threading: not thread-safe.
 */
final class LongCounts {
    private static final long FIBONACCI = 0x9E3779B97F4A7C15L;
    private long[] keys;
    private int[] counts;
    private int size;
    private int shift;

    LongCounts() {
        allocate(16);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        counts = new int[capacity];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** Keys with a count above 0. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(long key) {
        return counts[find(key)] != 0;
    }

    /** The key's count, 0 when absent. */
    int count(long key) {
        return counts[find(key)];
    }

    /** Adds one to the key's count. */
    void increment(long key) {
        int slot = find(key);
        if (counts[slot] != 0) {
            counts[slot]++;
            return;
        }
        if (size + 1 > keys.length >>> 1) {
            grow();
            slot = find(key);
        }
        keys[slot] = key;
        counts[slot] = 1;
        size++;
    }

    /** Takes one from the key's count, removing the key at 0; nothing when it is absent. */
    void decrement(long key) {
        int slot = find(key);
        if (counts[slot] == 0) {
            return;
        }
        if (--counts[slot] == 0) {
            size--;
            closeGap(slot);
        }
    }

    /** The key's slot, or the free slot where it would go. */
    private int find(long key) {
        int mask = keys.length - 1;
        int slot = home(key);
        while (counts[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int home(long key) {
        return (int) ((key * FIBONACCI) >>> shift);
    }

    /** Moves back each later entry of the probe run that may live in the freed slot, so lookups never stop early. */
    private void closeGap(int freed) {
        int mask = keys.length - 1;
        int gap = freed;
        int slot = freed;
        while (true) {
            slot = (slot + 1) & mask;
            if (counts[slot] == 0) {
                break;
            }
            int home = home(keys[slot]);
            // The entry stays when its home lies cyclically in (gap, slot]: a lookup from there never passes the gap.
            boolean stays = gap <= slot ? gap < home && home <= slot : gap < home || home <= slot;
            if (!stays) {
                keys[gap] = keys[slot];
                counts[gap] = counts[slot];
                gap = slot;
            }
        }
        counts[gap] = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        allocate(keys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
