package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;

import java.util.Arrays;

/**
 * Pending events by message id in an open-addressing hash table (linear probing, backward-shift deletion) from a
 * primitive {@code long} id to a slot holding the event's fields: the overflow of {@link PendingEvents}, which keeps
 * here the events that outlived its ring and those whose ring position was taken. No boxing, no per-event allocation.
 *
 * <p>Layout, for the cache: the index is one {@code long[]} of 8-byte buckets, each the id's 32-bit hash and its slot
 * ({@code hash << 32 | slot + 1}, 0 = empty). A probe compares hashes in the index and confirms a match with the id in
 * the slot, which it reads anyway: a slot's fields are side by side, {@value #STRIDE} longs (32 bytes) in one
 * {@code long[]}: start, meta (flags and the {@linkplain IntervalCell#id() id} of the event's interval cell), message
 * id, deadline. Free slots are reused last-freed first. The hash also gives each entry's home bucket,
 * so deletion and rehashing never read the ids. The hub and group of a per-device event are in parallel arrays,
 * written only for such events (a flag in the meta says so).
 *
 * <p>The index doubles when more than a quarter full and keeps its high-water mark (an overflow whose size rises and
 * falls every minute, filled by events that time out, would otherwise allocate a new index at each swing); so does
 * the slot storage, which grows when every slot is in use. A quarter, not half: nearly every probe then ends at its
 * first or second bucket and a deletion shifts almost nothing, so the loops' exits are predicted.
 *
 * <p>One probe per operation: {@link #add} probes once for the empty bucket where the id goes, {@link #probe} finds a
 * pending id, and {@link #removeAt} deletes at the bucket that probe found.
 *
 * <p>Threading: single-threaded.
 */
final class PendingTable {
    static final int MIN_BUCKETS = 64;
    /** The index grows when more than 1 / 2^{@value} of its buckets are in use. */
    static final int GROW_SHIFT = 2;
    /** Longs per slot in {@link #slots}: 32 bytes, half a cache line (see the class comment on alignment). */
    static final int STRIDE = 4;
    private static final int START = 0;
    /**
     * The meta: {@link #PER_DEVICE}, {@link #OCCUPIED} and the cell id from bit {@value #CELL_SHIFT}; 0 for a free slot.
     */
    private static final int META = 1;
    private static final int MESSAGE_ID = 2;
    private static final int DEADLINE = 3;
    /** Set in the meta while the slot holds an event with a hub or group in {@link #deviceIds}. */
    private static final long PER_DEVICE = 1L << 32;
    /** Set in the meta while the slot holds a pending event. */
    private static final long OCCUPIED = 1L << 33;
    private static final int CELL_SHIFT = 34;
    /** The largest cell id a slot can name (30 bits; a billion cells would not fit in memory anyway). */
    static final int MAX_CELL_ID = (1 << (64 - CELL_SHIFT)) - 1;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Bucket b: {@code hash << 32 | slot + 1}, 0 when empty. */
    private long[] index;
    private int bucketMask;
    /** {@code 32 - log2(buckets)}: a bucket is the top bits of the 32-bit hash. */
    private int bucketShift;

    /** Slot s at {@code [STRIDE * s + field]}: start, meta, message id, deadline. */
    private long[] slots;
    /** Hub and group of a per-device event (valid while {@link #PER_DEVICE} is set). */
    private long[] deviceIds;
    private long[] groupIds;
    private int slotCount;
    private int[] freeSlots;
    private int freeCount;
    private int size;

    /** @param initialSlots slots preallocated (the slot storage grows beyond it if needed; the index starts small) */
    PendingTable(int initialSlots) {
        int capacity = Integer.highestOneBit(Math.max(16, initialSlots - 1) << 1);
        slots = new long[0];
        deviceIds = new long[0];
        groupIds = new long[0];
        freeSlots = new int[0];
        growSlots(capacity);
        resizeIndex(MIN_BUCKETS);
    }

    int size() {
        return size;
    }

    /** Slots allocated (the high-water mark of pending events, at least the initial capacity). */
    int capacity() {
        return slotCount;
    }

    /** Buckets of the index now (for tests: it follows the high-water mark of {@link #size()}). */
    int buckets() {
        return bucketMask + 1;
    }

    /**
     * Looks {@code messageId} up, once: its bucket when it is pending ({@code >= 0}), otherwise
     * {@code -(bucket + 1)} for the empty bucket where {@link #add} would put it. The result is valid
     * until the table changes.
     */
    int probe(long messageId) {
        long[] index = this.index;
        int hash = hash(messageId);
        int b = hash >>> bucketShift;
        while (true) {
            long entry = index[b];
            if (entry == 0) {
                return -(b + 1);
            }
            if ((int) (entry >>> 32) == hash && slots[slotOf(entry) * STRIDE + MESSAGE_ID] == messageId) {
                return b;
            }
            b = (b + 1) & bucketMask;
        }
    }

    /** The slot of the event in a bucket {@link #probe} found. */
    int slotAt(int bucket) {
        return slotOf(index[bucket]);
    }

    private static int slotOf(long entry) {
        return (int) entry - 1;
    }

    /**
     * Adds an id that is not pending, with one probe; returns its slot. The hub and group are 0 for an event that is
     * not per-device; {@code cellId} is the {@linkplain IntervalCell#id() id} of the event's cell, in 0..{@link
     * #MAX_CELL_ID} (the caller, {@link PendingEvents#insertAt}, checked it before the event reached the ring).
     *
     * @throws IllegalArgumentException when the id is pending already (the table is unchanged)
     */
    int add(long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId, long groupId) {
        int probed = probe(messageId);
        if (probed >= 0) {
            throw new IllegalArgumentException("message " + messageId + " is pending already (bucket " + probed + ")");
        }
        if (freeCount == 0) {
            growSlots(slotCount * 2);
        }
        int slot = freeSlots[--freeCount];
        int at = slot * STRIDE;
        long[] slots = this.slots;
        slots[at + START] = startNanos;
        slots[at + MESSAGE_ID] = messageId;
        slots[at + DEADLINE] = deadlineNanos;
        long meta = OCCUPIED | ((long) cellId << CELL_SHIFT);
        if (deviceId != 0 || groupId != 0) {
            meta |= PER_DEVICE;
            deviceIds[slot] = deviceId;
            groupIds[slot] = groupId;
        }
        slots[at + META] = meta;
        index[-probed - 1] = ((long) hash(messageId) << 32) | (slot + 1L);
        size++;
        if (size > (bucketMask + 1) >>> GROW_SHIFT) {
            rehash((bucketMask + 1) << 1);
        }
        return slot;
    }

    /** Removes the pending event in a bucket {@link #probe} found. */
    void removeAt(int bucket) {
        int slot = slotAt(bucket);
        deleteAt(bucket);
        slots[slot * STRIDE + META] = 0;
        freeSlots[freeCount++] = slot;
        size--;
    }

    /**
     * Calls {@code visitor} with every pending event's message id, start and cell (found in {@code cells} by id), in
     * slot order. Not for the hot path.
     */
    void forEach(IntervalTable cells, PendingVisitor visitor) {
        for (int slot = 0; slot < slotCount; slot++) {
            long meta = slots[slot * STRIDE + META];
            if ((meta & OCCUPIED) != 0) {
                IntervalCell cell = cells.cell((int) (meta >>> CELL_SHIFT));
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
            long entry = index[b];
            if (entry == 0) {
                break;
            }
            int home = (int) (entry >>> 32) >>> bucketShift;
            // Move the entry into the hole unless its home lies cyclically in (hole, b].
            boolean homeBetween = hole <= b ? (home > hole && home <= b) : (home > hole || home <= b);
            if (!homeBetween) {
                index[hole] = entry;
                hole = b;
            }
        }
        index[hole] = 0;
    }

    private void rehash(int buckets) {
        long[] old = index;
        resizeIndex(buckets);
        for (long entry : old) {
            if (entry != 0) {
                int b = (int) (entry >>> 32) >>> bucketShift;
                while (index[b] != 0) {
                    b = (b + 1) & bucketMask;
                }
                index[b] = entry;
            }
        }
    }

    private void resizeIndex(int buckets) {
        index = new long[buckets];
        bucketMask = buckets - 1;
        bucketShift = 32 - Integer.numberOfTrailingZeros(buckets);
    }

    private void growSlots(int capacity) {
        int old = slotCount;
        slots = Arrays.copyOf(slots, capacity * STRIDE);
        deviceIds = Arrays.copyOf(deviceIds, capacity);
        groupIds = Arrays.copyOf(groupIds, capacity);
        slotCount = capacity;
        int[] free = Arrays.copyOf(freeSlots, capacity);
        // Push the new slots so that the lowest one is taken first.
        for (int slot = capacity - 1; slot >= old; slot--) {
            free[freeCount++] = slot;
        }
        freeSlots = free;
    }

    /**
     * Fibonacci hashing: the top 32 bits of the id times 2^64 / phi. One multiply, and sequential ids, the usual
     * case, spread evenly over the buckets (a bucket is the hash's top bits).
     */
    private static int hash(long key) {
        return (int) ((key * GOLDEN) >>> 32);
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
        return (slots[slot * STRIDE + META] & PER_DEVICE) != 0 ? deviceIds[slot] : 0;
    }

    long groupId(int slot) {
        return (slots[slot * STRIDE + META] & PER_DEVICE) != 0 ? groupIds[slot] : 0;
    }

    /** The id of the pending event's cell ({@link IntervalTable#cell(int)}). */
    int cellId(int slot) {
        return (int) (slots[slot * STRIDE + META] >>> CELL_SHIFT);
    }
}
