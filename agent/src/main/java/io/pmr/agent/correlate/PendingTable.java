package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;

import java.util.Arrays;

/**
 * Pending events by message id: an open-addressing (linear probing, backward-shift deletion) map from a
 * primitive {@code long} id to a slot in preallocated parallel arrays. No boxing, no per-event allocation;
 * the arrays double only when more events are pending than ever before.
 *
 * <p>Each slot has a generation, bumped when the slot is freed, so a {@link DeadlineQueue} entry that
 * outlived its event is recognised as stale.
 *
 * <p>Threading: single-threaded.
 */
final class PendingTable {
    private static final int EMPTY = -1;

    private long[] indexKeys;
    private int[] indexSlots;
    private int indexMask;

    private long[] messageIds;
    private long[] startEpochNanos;
    private long[] deadlineEpochNanos;
    private IntervalCell[] cells;
    /** Hub and group of a per-device event; 0 for others. */
    private long[] deviceIds;
    private long[] groupIds;
    private int[] generations;
    private int[] freeSlots;
    private int freeCount;
    private int size;

    PendingTable(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        allocateSlots(capacity);
        allocateIndex(capacity * 2);
    }

    private void allocateSlots(int capacity) {
        int old = messageIds == null ? 0 : messageIds.length;
        messageIds = messageIds == null ? new long[capacity] : Arrays.copyOf(messageIds, capacity);
        startEpochNanos = startEpochNanos == null ? new long[capacity] : Arrays.copyOf(startEpochNanos, capacity);
        deadlineEpochNanos = deadlineEpochNanos == null ? new long[capacity] : Arrays.copyOf(deadlineEpochNanos, capacity);
        cells = cells == null ? new IntervalCell[capacity] : Arrays.copyOf(cells, capacity);
        deviceIds = deviceIds == null ? new long[capacity] : Arrays.copyOf(deviceIds, capacity);
        groupIds = groupIds == null ? new long[capacity] : Arrays.copyOf(groupIds, capacity);
        generations = generations == null ? new int[capacity] : Arrays.copyOf(generations, capacity);
        int[] free = new int[capacity];
        System.arraycopy(freeSlots == null ? new int[0] : freeSlots, 0, free, 0, freeCount);
        // Push the new slots so that the lowest index is taken first.
        for (int slot = capacity - 1; slot >= old; slot--) {
            free[freeCount++] = slot;
        }
        freeSlots = free;
    }

    private void allocateIndex(int capacity) {
        indexKeys = new long[capacity];
        indexSlots = new int[capacity];
        Arrays.fill(indexSlots, EMPTY);
        indexMask = capacity - 1;
    }

    int size() {
        return size;
    }

    int capacity() {
        return messageIds.length;
    }

    /** The slot of a pending id, or -1. */
    int find(long messageId) {
        int i = bucket(messageId);
        while (true) {
            int slot = indexSlots[i];
            if (slot == EMPTY) {
                return -1;
            }
            if (indexKeys[i] == messageId) {
                return slot;
            }
            i = (i + 1) & indexMask;
        }
    }

    /** Adds an id that is not pending (check with {@link #find} first); returns its slot. */
    int add(long messageId, long startNanos, long deadlineNanos, IntervalCell cell) {
        return add(messageId, startNanos, deadlineNanos, cell, 0, 0);
    }

    /** As {@link #add(long, long, long, IntervalCell)}, with the hub and group of a per-device event. */
    int add(long messageId, long startNanos, long deadlineNanos, IntervalCell cell, long deviceId, long groupId) {
        if (freeCount == 0) {
            grow();
        }
        int slot = freeSlots[--freeCount];
        messageIds[slot] = messageId;
        startEpochNanos[slot] = startNanos;
        deadlineEpochNanos[slot] = deadlineNanos;
        cells[slot] = cell;
        deviceIds[slot] = deviceId;
        groupIds[slot] = groupId;
        int i = bucket(messageId);
        while (indexSlots[i] != EMPTY) {
            i = (i + 1) & indexMask;
        }
        indexKeys[i] = messageId;
        indexSlots[i] = slot;
        size++;
        return slot;
    }

    /** Calls {@code visitor} with every pending event's message id, start and cell. Not for the hot path. */
    void forEach(PendingVisitor visitor) {
        for (int slot = 0; slot < cells.length; slot++) {
            IntervalCell cell = cells[slot];
            if (cell != null) {
                visitor.pending(messageIds[slot], cell.kind(), cell.variant(), startEpochNanos[slot], deviceIds[slot],
                        groupIds[slot]);
            }
        }
    }

    /** Removes the pending event in {@code slot}; its generation moves on. */
    void remove(int slot) {
        long messageId = messageIds[slot];
        int i = bucket(messageId);
        while (indexSlots[i] != slot) {
            i = (i + 1) & indexMask;
        }
        deleteAt(i);
        cells[slot] = null;
        generations[slot]++;
        freeSlots[freeCount++] = slot;
        size--;
    }

    /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
    private void deleteAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & indexMask;
            int slot = indexSlots[i];
            if (slot == EMPTY) {
                break;
            }
            int home = bucket(indexKeys[i]);
            // Move the entry into the hole unless its home lies cyclically in (hole, i].
            boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween) {
                indexKeys[hole] = indexKeys[i];
                indexSlots[hole] = slot;
                hole = i;
            }
        }
        indexSlots[hole] = EMPTY;
    }

    private void grow() {
        int capacity = messageIds.length * 2;
        allocateSlots(capacity);
        long[] oldKeys = indexKeys;
        int[] oldSlots = indexSlots;
        allocateIndex(capacity * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldSlots[i] != EMPTY) {
                int j = bucket(oldKeys[i]);
                while (indexSlots[j] != EMPTY) {
                    j = (j + 1) & indexMask;
                }
                indexKeys[j] = oldKeys[i];
                indexSlots[j] = oldSlots[i];
            }
        }
    }

    private int bucket(long key) {
        // Murmur3 fmix64: message ids are often sequential, which linear probing handles badly unmixed.
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & indexMask;
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
