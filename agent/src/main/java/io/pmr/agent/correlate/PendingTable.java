package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;

import java.util.Arrays;

/**
 * Pending events by message id: an open-addressing (linear probing, backward-shift deletion) index from a
 * primitive {@code long} id to a slot holding the event's fields. No boxing, no per-event allocation.
 *
 * <p>Layout, for the cache (with thousands pending, an end's lookups are random and each new cache line is a
 * miss): the index is one {@code long[]} with each bucket's key and slot side by side ({@code [key, slot + 1]},
 * 0 = empty), so a lookup touches one line per probe. A slot's fields are side by side too, {@value #STRIDE}
 * longs per slot in one {@code long[]} with the start time and the generation first: they always share one cache
 * line (the array's 16-byte header plus a 48-byte stride keep two adjacent longs within a 64-byte line), so an
 * end reads its start and bumps its generation in one line, and the start that follows, which takes the slot the
 * end just freed (free slots are reused last-freed first), writes every field into lines already in the cache.
 * The cells are the one field in a parallel array (a reference). The index is sized to what is pending: it
 * doubles when more than three quarters full and halves when less than an eighth full (never below
 * {@value #MIN_BUCKETS} buckets), so a table that once held many events does not keep a large, cache-missing
 * index. The slot storage grows when every slot is in use and keeps its high-water mark (slots are named by
 * {@link DeadlineQueue} entries, so they are never moved).
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
    /** Longs per slot in {@link #slots}. */
    static final int STRIDE = 6;
    private static final int START = 0;
    private static final int GENERATION = 1;
    private static final int MESSAGE_ID = 2;
    private static final int DEADLINE = 3;
    private static final int DEVICE_ID = 4;
    private static final int GROUP_ID = 5;

    /** Bucket b at {@code [2b]} (key) and {@code [2b + 1]} (slot + 1; 0 when the bucket is empty). */
    private long[] index;
    private int bucketMask;
    /** {@code 64 - log2(buckets)}: the index's hash keeps the top bits of the product. */
    private int bucketShift;

    /** Slot s at {@code [STRIDE * s + field]}: start, generation, message id, deadline, hub, group (0 if none). */
    private long[] slots;
    private IntervalCell[] cells;
    private int[] freeSlots;
    private int freeCount;
    private int size;

    /** @param initialSlots slots preallocated (the slot storage grows beyond it if needed; the index starts small) */
    PendingTable(int initialSlots) {
        int capacity = Integer.highestOneBit(Math.max(16, initialSlots - 1) << 1);
        slots = new long[0];
        cells = new IntervalCell[0];
        freeSlots = new int[0];
        growSlots(capacity);
        resizeIndex(MIN_BUCKETS);
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
        long[] index = this.index;
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
        int at = slot * STRIDE;
        long[] slots = this.slots;
        slots[at + START] = startNanos;
        slots[at + MESSAGE_ID] = messageId;
        slots[at + DEADLINE] = deadlineNanos;
        slots[at + DEVICE_ID] = deviceId;
        slots[at + GROUP_ID] = groupId;
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
        slots[slot * STRIDE + GENERATION]++;
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
        long[] index = this.index;
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
        resizeIndex(buckets);
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

    private void resizeIndex(int buckets) {
        index = new long[2 * buckets];
        bucketMask = buckets - 1;
        bucketShift = 64 - Integer.numberOfTrailingZeros(buckets);
    }

    private void growSlots(int capacity) {
        int old = cells.length;
        slots = Arrays.copyOf(slots, capacity * STRIDE);
        cells = Arrays.copyOf(cells, capacity);
        int[] free = Arrays.copyOf(freeSlots, capacity);
        // Push the new slots so that the lowest one is taken first.
        for (int slot = capacity - 1; slot >= old; slot--) {
            free[freeCount++] = slot;
        }
        freeSlots = free;
    }

    /**
     * Fibonacci hashing: the top bits of the id times 2^64 / phi. One multiply (the index rehashes every entry it
     * shifts on deletion, so the hash is on the record path), and sequential ids, the usual case, spread evenly.
     */
    private int bucket(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> bucketShift);
    }

    long messageId(int slot) {
        return slots[slot * STRIDE + MESSAGE_ID];
    }

    long startEpochNanos(int slot) {
        return slots[slot * STRIDE + START];
    }

    long deadlineEpochNanos(int slot) {
        return slots[slot * STRIDE + DEADLINE];
    }

    long deviceId(int slot) {
        return slots[slot * STRIDE + DEVICE_ID];
    }

    long groupId(int slot) {
        return slots[slot * STRIDE + GROUP_ID];
    }

    IntervalCell cell(int slot) {
        return cells[slot];
    }

    int generation(int slot) {
        return (int) slots[slot * STRIDE + GENERATION];
    }
}
