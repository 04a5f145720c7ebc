package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;

import java.util.Arrays;

/**
 * Pending events by message id: an open-addressing (linear probing, backward-shift deletion) index from a
 * primitive {@code long} id to a slot holding the event's fields. No boxing, no per-event allocation.
 *
 * <p>Layout, for the cache: the index is one {@code long[]} with each bucket's key and slot side by side
 * ({@code [key, slot + 1]}, 0 = empty), so a lookup touches one cache line per probe. A slot's fields are in
 * parallel arrays, so that an end touches only what it reads (start, cell, generation) and per-device ids or
 * deadlines stay out of the cache until needed. The index is sized to what is pending: it doubles when more
 * than three quarters full and halves when less than an eighth full (never below {@value #MIN_BUCKETS}
 * buckets), so a table that once held many events does not keep a large, cache-missing index; with 10,000
 * events pending the index and the fields an end reads take some 450 KB, within a core's L2 cache. The slot storage grows when every slot is in use and keeps its high-water
 * mark (slots are named by {@link DeadlineQueue} entries, so they are never moved); freed slots are reused
 * last-freed first, which keeps the ones in use warm.
 *
 * <p>The record path probes once per operation: {@link #probe} finds a pending id or the empty bucket where
 * it would go, {@link #insertAt} fills that bucket, and {@link #removeAt} deletes at the bucket a probe
 * found. Each slot has a generation, bumped when the slot is freed, so a {@link DeadlineQueue} entry that
 * outlived its event is recognised as stale.
 *
 * <p>Threading: single-threaded.
 */
final class PendingTable {
    static final int MIN_BUCKETS = 64;

    /** Bucket b at {@code [2b]} (key) and {@code [2b + 1]} (slot + 1; 0 when the bucket is empty). */
    private long[] index;
    private int bucketMask;

    private long[] messageIds;
    private long[] startEpochNanos;
    private long[] deadlineEpochNanos;
    /** Hub and group of a per-device event; 0 for others. */
    private long[] deviceIds;
    private long[] groupIds;
    private int[] generations;
    private IntervalCell[] cells;
    private int[] freeSlots;
    private int freeCount;
    private int size;

    /** @param initialSlots slots preallocated (the slot storage grows beyond it if needed; the index starts small) */
    PendingTable(int initialSlots) {
        int slots = Integer.highestOneBit(Math.max(16, initialSlots - 1) << 1);
        messageIds = new long[0];
        startEpochNanos = new long[0];
        deadlineEpochNanos = new long[0];
        deviceIds = new long[0];
        groupIds = new long[0];
        generations = new int[0];
        cells = new IntervalCell[0];
        freeSlots = new int[0];
        growSlots(slots);
        index = new long[2 * MIN_BUCKETS];
        bucketMask = MIN_BUCKETS - 1;
    }

    int size() {
        return size;
    }

    /** Slots allocated (the high-water mark of pending events, at least the initial capacity). */
    int capacity() {
        return cells.length;
    }

    /** Buckets of the index now (for tests: it follows {@link #size()}). */
    int buckets() {
        return bucketMask + 1;
    }

    /**
     * Looks {@code messageId} up, once: its bucket when it is pending ({@code >= 0}), otherwise
     * {@code -(bucket + 1)} for the empty bucket where {@link #insertAt} would put it. The result is valid
     * until the table changes.
     */
    int probe(long messageId) {
        int b = bucket(messageId);
        while (true) {
            int i = b << 1;
            if (index[i + 1] == 0) {
                return -(b + 1);
            }
            if (index[i] == messageId) {
                return b;
            }
            b = (b + 1) & bucketMask;
        }
    }

    /** The bucket of a pending id, or -1. */
    int bucketOf(long messageId) {
        int found = probe(messageId);
        return found >= 0 ? found : -1;
    }

    /** The slot of the event in a bucket {@link #probe} found. */
    int slotAt(int bucket) {
        return (int) index[(bucket << 1) + 1] - 1;
    }

    /**
     * Adds an id that is not pending at the empty bucket {@code probe(messageId)} reported (as
     * {@code -(bucket + 1)}, passed here unchanged); returns its slot. The hub and group are 0 for an event
     * that is not per-device.
     */
    int insertAt(int probed, long messageId, long startNanos, long deadlineNanos, IntervalCell cell, long deviceId,
                 long groupId) {
        if (probed >= 0) {
            throw new IllegalArgumentException("message " + messageId + " is pending already (bucket " + probed + ")");
        }
        if (freeCount == 0) {
            growSlots(cells.length * 2);
        }
        int slot = freeSlots[--freeCount];
        messageIds[slot] = messageId;
        startEpochNanos[slot] = startNanos;
        deadlineEpochNanos[slot] = deadlineNanos;
        deviceIds[slot] = deviceId;
        groupIds[slot] = groupId;
        cells[slot] = cell;
        int i = (-probed - 1) << 1;
        index[i] = messageId;
        index[i + 1] = slot + 1L;
        size++;
        if (size > ((bucketMask + 1) >>> 2) * 3) {
            rehash((bucketMask + 1) << 1);
        }
        return slot;
    }

    /** As {@link #insertAt} with its own probe; for callers off the record path and tests. */
    int add(long messageId, long startNanos, long deadlineNanos, IntervalCell cell, long deviceId, long groupId) {
        return insertAt(probe(messageId), messageId, startNanos, deadlineNanos, cell, deviceId, groupId);
    }

    /** As {@link #add(long, long, long, IntervalCell, long, long)}, not per-device. */
    int add(long messageId, long startNanos, long deadlineNanos, IntervalCell cell) {
        return add(messageId, startNanos, deadlineNanos, cell, 0, 0);
    }

    /** Removes the pending event in a bucket {@link #probe} found; its slot's generation moves on. */
    void removeAt(int bucket) {
        int slot = slotAt(bucket);
        deleteAt(bucket);
        cells[slot] = null;
        generations[slot]++;
        freeSlots[freeCount++] = slot;
        size--;
        int buckets = bucketMask + 1;
        if (buckets > MIN_BUCKETS && size < buckets >>> 3) {
            rehash(buckets >>> 1);
        }
    }

    /** Removes the pending event in {@code slot} (the expiry path, which knows slots, not buckets). */
    void remove(int slot) {
        removeAt(bucketOf(messageId(slot)));
    }

    /** Calls {@code visitor} with every pending event's message id, start and cell. Not for the hot path. */
    void forEach(PendingVisitor visitor) {
        for (int slot = 0; slot < cells.length; slot++) {
            IntervalCell cell = cells[slot];
            if (cell != null) {
                visitor.pending(messageId(slot), cell.kind(), cell.variant(), startEpochNanos(slot), deviceId(slot),
                        groupId(slot));
            }
        }
    }

    /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
    private void deleteAt(int hole) {
        int b = hole;
        while (true) {
            b = (b + 1) & bucketMask;
            int i = b << 1;
            if (index[i + 1] == 0) {
                break;
            }
            int home = bucket(index[i]);
            // Move the entry into the hole unless its home lies cyclically in (hole, b].
            boolean homeBetween = hole <= b ? (home > hole && home <= b) : (home > hole || home <= b);
            if (!homeBetween) {
                index[hole << 1] = index[i];
                index[(hole << 1) + 1] = index[i + 1];
                hole = b;
            }
        }
        index[(hole << 1) + 1] = 0;
    }

    private void rehash(int buckets) {
        long[] old = index;
        index = new long[2 * buckets];
        bucketMask = buckets - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0) {
                int b = bucket(old[i]);
                while (index[(b << 1) + 1] != 0) {
                    b = (b + 1) & bucketMask;
                }
                index[b << 1] = old[i];
                index[(b << 1) + 1] = old[i + 1];
            }
        }
    }

    private void growSlots(int slots) {
        int old = cells.length;
        messageIds = Arrays.copyOf(messageIds, slots);
        startEpochNanos = Arrays.copyOf(startEpochNanos, slots);
        deadlineEpochNanos = Arrays.copyOf(deadlineEpochNanos, slots);
        deviceIds = Arrays.copyOf(deviceIds, slots);
        groupIds = Arrays.copyOf(groupIds, slots);
        generations = Arrays.copyOf(generations, slots);
        cells = Arrays.copyOf(cells, slots);
        int[] free = Arrays.copyOf(freeSlots, slots);
        // Push the new slots so that the lowest one is taken first.
        for (int slot = slots - 1; slot >= old; slot--) {
            free[freeCount++] = slot;
        }
        freeSlots = free;
    }

    private int bucket(long key) {
        // Murmur3 fmix64: message ids are often sequential, which linear probing handles badly unmixed.
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & bucketMask;
    }

    long messageId(int slot) {
        return messageIds[slot];
    }

    long startEpochNanos(int slot) {
        return startEpochNanos[slot];
    }

    long deadlineEpochNanos(int slot) {
        return deadlineEpochNanos[slot];
    }

    long deviceId(int slot) {
        return deviceIds[slot];
    }

    long groupId(int slot) {
        return groupIds[slot];
    }

    IntervalCell cell(int slot) {
        return cells[slot];
    }

    int generation(int slot) {
        return generations[slot];
    }
}
