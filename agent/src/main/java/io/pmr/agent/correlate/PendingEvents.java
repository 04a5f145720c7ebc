package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;

/**
 * Pending events by message id, laid out for the ids ports give: from one counter, increasing with the start
 * ({@code HanListener}; the simulated rig, the trace tap). The front is a direct-mapped ring: an event lives at
 * position {@code id & mask}, in {@value #STRIDE} longs, 16 bytes (four to a cache line): its start, and one word
 * holding the id's low 32 bits and a 32-bit meta (flags, the {@linkplain TrtClasses class of its TRT}, the id of its
 * cell). The ring holds ids of one value of the high 32 bits ({@link #admit}); any other id goes to the overflow. With
 * counter ids the starts fill the ring in order (the line a start writes is the one the start before it wrote), and an
 * end reads one line, found from its id alone: one cache miss where an index and a slot behind it made two dependent
 * ones. An event still pending when a newer id needs its position (it outlived a ring's worth of starts) moves to an
 * overflow {@link PendingTable}, an open-addressing hash table; so does any id the ring does not take, so ids of any
 * other shape are correct too, at a hash table's cost. An event whose deadline has no TRT class (a rule's, a saturated
 * one), or with a hub and group, or a cell id past {@value #RING_CELL_BITS} bits, keeps those fields whole in
 * {@link RingSide}'s arrays by ring position, allocated at the first such event.
 *
 * <p>The ring doubles (up to {@value #MAX_RING} positions, 4 MB) when {@link RingGrowth} says so (removals found in the
 * overflow too often). It never shrinks (the storage of the pending events' high-water mark, as before).
 *
 * <p>Handles: {@link #find} returns a handle valid until the next change: {@code >= 0} a ring entry (the index of its
 * first long in the ring's array: {@value #STRIDE} times its position, so that reading it takes no multiplication),
 * {@code <= -2} an overflow bucket, {@link #NOT_PENDING} none. An id is pending in at most one of the ring and the overflow.
 * Nothing else names an event by where it is (entries move): the deadline queues find it again by id.
 *
 * <p>Threading: single-threaded (the record path). No allocation per event once grown.
 */
final class PendingEvents {
    static final int NOT_PENDING = -1;
    /** {@link #placeFor}'s answer for an id that is pending already. */
    static final int PENDING_ALREADY = -1;
    /** {@link #placeFor}'s answer for an id the ring does not take (its high 32 bits are not the ring's). */
    static final int OVERFLOW_ONLY = -2;
    static final int STRIDE = 2;
    static final int MAX_RING = 1 << 18;
    private static final int MIN_RING = 64;
    private static final int START = 0;
    /** The id's low 32 bits, then the meta: flags, TRT class, cell id ({@link RingKey}); 0 for an empty position. */
    private static final int KEY = 1;
    private static final long OCCUPIED = RingKey.OCCUPIED;
    private static final long TRACKED = RingKey.TRACKED;
    private static final long ID_BITS = RingKey.ID_BITS;
    static final int RING_CELL_BITS = RingKey.CELL_BITS;

    private long[] ring;
    private int mask;
    private int ringSize;
    /** The high 32 bits of every id in the ring; ids with others go to the overflow. */
    private long idHigh;
    /** Inserts since the ring last moved to new high bits (it moves again only after a ring's worth; never wraps). */
    private long insertsSinceRebase;
    private final TrtClasses trtClasses = new TrtClasses();
    /** Deadline, cell, hub and group of the {@linkplain RingKey#SIDE side} events by ring position. */
    private RingSide side = new RingSide();
    private final PendingTable overflow;
    /** Takes the deadline of a {@linkplain #insertAt tracked} event that leaves the ring still pending. */
    private final Evicted evicted;
    /**
     * Every id in the overflow is in [min, max], reset to the empty range [MAX_VALUE, MIN_VALUE] when it empties: counter
     * ids need no overflow probe, and an empty overflow none at all (no id is in the empty range).
     */
    private long overflowMinId = Long.MAX_VALUE;
    private long overflowMaxId = Long.MIN_VALUE;
    private final RingGrowth growth = new RingGrowth();

    /** Where a tracked event that moves to the overflow gets the deadline entry it had none of. */
    interface Evicted {
        void trackedEvicted(long messageId, long startEpochNanos, long deadlineEpochNanos, int cellId);
    }

    /** For events never {@linkplain #insertAt tracked}. */
    PendingEvents(int initialRing) {
        this(initialRing, (messageId, start, deadline, cellId) -> {
            throw new IllegalStateException("event " + messageId + " was tracked, with nowhere to put its deadline");
        });
    }

    /**
     * @param initialRing ring positions to start with (rounded up to a power of two; it grows as needed)
     * @param evicted     takes the deadline of a tracked event that leaves the ring while pending
     */
    PendingEvents(int initialRing, Evicted evicted) {
        this.evicted = evicted;
        int wanted = Math.max(MIN_RING, Math.min(MAX_RING, initialRing));
        int positions = Integer.bitCount(wanted) == 1 ? wanted : Integer.highestOneBit(wanted) << 1;
        allocateRing(positions);
        overflow = new PendingTable(16);
    }

    private void allocateRing(int positions) {
        ring = new long[positions * STRIDE];
        mask = positions - 1;
        ringSize = 0;
    }

    int size() { return ringSize + overflow.size(); }

    /** Ring positions now (for tests: it follows how long events stay pending). */
    int ringPositions() { return mask + 1; }
    /** Events in the overflow now (for tests). */
    int overflowSize() { return overflow.size(); }
    /** TRT classes taken (for tests: a rule's deadlines take none). */
    int trtClassesInUse() { return trtClasses.inUse(); }

    /** The handle of the ring entry an id's position names: {@value #STRIDE} times the position. */
    private int entry(long messageId) {
        return ((int) messageId & mask) * STRIDE;
    }

    /**
     * Whether the entry at {@code at} holds this id (of the ring's high bits) with every one of the {@code flags} set:
     * the key's high half is the id's low 32 bits, an occupied entry's meta has {@link #OCCUPIED}: one mask, one test.
     */
    private boolean holds(int at, long messageId, long flags) {
        return ((ring[at + KEY] ^ messageId << 32) & (ID_BITS | flags)) == flags && (messageId >>> 32) == idHigh;
    }

    /** The handle of a pending id, or {@link #NOT_PENDING}. */
    int find(long messageId) {
        int at = entry(messageId);
        if (holds(at, messageId, OCCUPIED)) {
            return at;
        }
        if (messageId >= overflowMinId && messageId <= overflowMaxId) { // an empty range while the overflow is empty
            int bucket = overflow.probe(messageId);
            if (bucket >= 0) {
                return -bucket - 2;
            }
        }
        return NOT_PENDING;
    }

    /**
     * The handle of a pending id when it is in the ring and tracked, else {@link #NOT_PENDING} (tracked events are never
     * in the overflow: no overflow probe).
     */
    int trackedInRing(long messageId) {
        int at = entry(messageId);
        return holds(at, messageId, OCCUPIED | TRACKED) ? at : NOT_PENDING;
    }

    /**
     * The first id of {@code [fromId, endId)} (in the order of increasing ids, wrapping past {@code Long.MAX_VALUE})
     * pending in the ring and tracked, or {@code endId} when none: the start-order scan's walk, in one loop with no
     * call, the ring and its mask in locals.
     */
    long nextTracked(long fromId, long endId) {
        long[] ring = this.ring;
        int mask = this.mask;
        long idHigh = this.idHigh;
        long id = fromId;
        while (id != endId) {
            int at = ((int) id & mask) * STRIDE;
            if (((ring[at + KEY] ^ id << 32) & (ID_BITS | OCCUPIED | TRACKED)) == (OCCUPIED | TRACKED)
                    && (id >>> 32) == idHigh) {
                return id;
            }
            id++;
        }
        return endId;
    }

    /** The event at a ring handle now has a deadline entry of its own. */
    void untrack(int handle) {
        ring[handle + KEY] &= ~TRACKED;
    }

    /**
     * Adds an id that is not pending ({@link #find} said so, and nothing changed since) with its deadline kept whole, in
     * the side arrays, never as a {@linkplain TrtClasses TRT class}: for a rule's deadline (one per event), which must
     * not use up the ring's classes. Any other start takes {@link #placeFor} and {@link #insertAt}. The hub and group
     * are 0 for an event that is not per-device; {@code cellId} is the {@linkplain IntervalCell#id() id} of the
     * event's cell.
     */
    void insertWholeDeadline(long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId,
                             long groupId) {
        place(admit(messageId), messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, false, false);
    }

    /**
     * A start's one probe: the ring handle its id takes ({@link #insertAt}), {@link #OVERFLOW_ONLY} when the ring does
     * not take it, or {@link #PENDING_ALREADY} when the id is pending, in the ring or the overflow. Valid until the next
     * change.
     */
    int placeFor(long messageId) {
        int at = entry(messageId);
        if (holds(at, messageId, OCCUPIED)) {
            return PENDING_ALREADY;
        }
        if (messageId >= overflowMinId && messageId <= overflowMaxId
                && overflow.probe(messageId) >= 0) {
            return PENDING_ALREADY;
        }
        return admit(messageId);
    }

    /**
     * The ring handle an id not pending takes, or {@link #OVERFLOW_ONLY}: the ring takes ids of its high 32 bits; it
     * takes new ones when it is empty, or when a counter passes to the next value of them (the events still in the
     * ring then move to the overflow; at most once per ring's worth of inserts).
     */
    private int admit(long messageId) {
        long high = messageId >>> 32;
        if (high != idHigh) {
            if (ringSize == 0) {
                idHigh = high;
            } else if (high == idHigh + 1 && insertsSinceRebase > mask) {
                for (int at = 0; at < ring.length; at += STRIDE) {
                    if (ring[at + KEY] != 0) {
                        evict(at);
                    }
                }
                idHigh = high;
                insertsSinceRebase = 0;
            } else {
                return OVERFLOW_ONLY;
            }
        }
        return entry(messageId);
    }

    /**
     * Adds an id that is not pending at the handle {@link #placeFor} gave it (nothing changed since); a {@code
     * tracked} event has no deadline entry (the start-order scan walks it): should it leave the ring while pending,
     * {@link Evicted} gets its deadline. The hub and group are 0 for an event that is not per-device; {@code cellId} is
     * the {@linkplain IntervalCell#id() id} of the event's cell.
     */
    void insertAt(int at, long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId,
                  long groupId, boolean tracked) {
        place(at, messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked, true);
    }

    /**
     * Whether a start's id takes its {@linkplain #positionOf position} as it is: the position is free, the id has the
     * ring's high bits, and the overflow's id range does not hold it (so it is pending nowhere). The usual start, which
     * {@link #insertFree} then fills; any other takes {@link #placeFor}.
     */
    boolean takesFree(int at, long messageId) {
        return ring[at + KEY] == 0 && (messageId >>> 32) == idHigh
                && (messageId < overflowMinId || messageId > overflowMaxId);
    }

    /**
     * {@link #insertAt} at a position {@link #takesFree} said the id takes (nothing changed since), of an event with no
     * hub or group whose deadline is exactly {@code start + trtNanos} (not saturated).
     */
    void insertFree(int at, long messageId, long startNanos, long trtNanos, int cellId, boolean tracked) {
        long deadlineNanos = startNanos + trtNanos;
        int trtClass = trtClasses.classOfTrt(trtNanos, deadlineNanos);
        if (trtClass == 0 || cellId > RingKey.MAX_CELL_ID) {
            place(at, messageId, startNanos, deadlineNanos, cellId, 0, 0, tracked, true);
            return;
        }
        ring[at + START] = startNanos;
        ring[at + KEY] = RingKey.of(messageId, tracked ? OCCUPIED | TRACKED : OCCUPIED, trtClass, cellId);
        ringSize++;
        insertsSinceRebase++;
    }

    /** {@link #insertAt}; {@code classify}: the deadline is start + a TRT other events share (else kept whole). */
    private void place(int at, long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId,
                       long groupId, boolean tracked, boolean classify) {
        if (cellId < 0 || cellId > PendingTable.MAX_CELL_ID) {
            throw new IllegalArgumentException("cell id " + cellId + " of message " + messageId + " is not in 0.."
                    + PendingTable.MAX_CELL_ID);
        }
        if (at == OVERFLOW_ONLY) {
            toOverflow(messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked);
            return;
        }
        long[] ring = this.ring;
        if (ring[at + KEY] != 0) {
            evict(at); // frees the position (the ring grows only on a removal, never here)
        }
        int trtClass = !classify || (deviceId | groupId) != 0 || cellId > RingKey.MAX_CELL_ID ? 0
                : trtClasses.classOf(startNanos, deadlineNanos);
        long key = RingKey.of(messageId, tracked ? OCCUPIED | TRACKED : OCCUPIED, trtClass, cellId);
        if (trtClass == 0) {
            if (!side.allocated()) {
                side.allocate(mask + 1);
            }
            side.set(at / STRIDE, deadlineNanos, cellId, deviceId, groupId);
        }
        ring[at + START] = startNanos;
        ring[at + KEY] = key;
        ringSize++;
        insertsSinceRebase++;
    }

    private void toOverflow(long id, long start, long deadline, int cellId, long deviceId, long groupId,
                            boolean tracked) {
        overflow.add(id, start, deadline, cellId, deviceId, groupId);
        overflowMinId = Math.min(overflowMinId, id);
        overflowMaxId = Math.max(overflowMaxId, id);
        if (tracked) {
            evicted.trackedEvicted(id, start, deadline, cellId);
        }
    }

    /** Moves the event at a ring handle to the overflow (a newer id needs its position). */
    private void evict(int at) {
        long key = ring[at + KEY];
        long deviceId = deviceId(at);
        long groupId = groupId(at);
        long id = messageId(at);
        long start = startEpochNanos(at);
        long deadline = deadlineEpochNanos(at);
        int cellId = cellId(at);
        ring[at + KEY] = 0; // after the fields are read (the accessors read the meta)
        ringSize--;
        toOverflow(id, start, deadline, cellId, deviceId, groupId, (key & TRACKED) != 0);
    }

    /** Doubles the ring; every event in it keeps a position of its own (distinct modulo m, distinct modulo 2m). */
    private void growRing() {
        long[] old = ring;
        RingSide oldSide = side;
        side = new RingSide();
        if (oldSide.allocated()) {
            side.allocate((mask + 1) * 2);
        }
        allocateRing((mask + 1) * 2);
        for (int from = 0; from < old.length; from += STRIDE) {
            long key = old[from + KEY];
            if (key != 0) {
                int at = entry(idHigh << 32 | key >>> 32);
                System.arraycopy(old, from, ring, at, STRIDE);
                if (RingKey.side(key)) {
                    side.copy(oldSide, from / STRIDE, at / STRIDE);
                }
                ringSize++;
            }
        }
    }

    /** Removes the pending event at a handle {@link #find} gave. */
    void remove(int handle) {
        if (handle >= 0) {
            removeFromRing(handle);
            return;
        }
        overflow.removeAt(-handle - 2);
        if (overflow.size() == 0) {
            overflowMinId = Long.MAX_VALUE;
            overflowMaxId = Long.MIN_VALUE;
        }
        if (growth.removedFromOverflow()) {
            grow();
        }
    }

    /** Removes the pending event at a ring handle ({@code >= 0}) {@link #find} gave. */
    void removeFromRing(int at) {
        ring[at + KEY] = 0;
        ringSize--;
        if (growth.removedFromRing()) {
            grow();
        }
    }

    private void grow() {
        if (mask + 1 < MAX_RING) {
            growRing();
        }
    }

    /**
     * The ring handle of an id's position (whoever holds it): with {@link #keyInRing} and {@link #holdsClassed}, the
     * usual end's one look at the ring, with no merge of the ring's and the overflow's answers as {@link #find} has.
     */
    int positionOf(long messageId) {
        return entry(messageId);
    }

    /** The key of the entry at a ring handle ({@code >= 0}): one read for every field ({@link RingKey}'s decoders). */
    long keyInRing(int at) {
        return ring[at + KEY];
    }

    /**
     * Whether a key read at an id's {@linkplain #positionOf position} is this id's, pending in the ring, with its
     * deadline a TRT class (not {@linkplain RingKey#side side}): one mask, one comparison and the high bits'.
     */
    boolean holdsClassed(long key, long messageId) {
        return ((key ^ messageId << 32) & (ID_BITS | OCCUPIED | RingKey.SIDE)) == OCCUPIED
                && (messageId >>> 32) == idHigh;
    }

    /** The start of the event at a ring handle ({@code >= 0}). */
    long startInRing(int at) {
        return ring[at + START];
    }

    /** The deadline of an event from its start and a key that is not {@linkplain RingKey#side side}: exact. */
    long classDeadline(long startNanos, long key) {
        return trtClasses.deadlineEpochNanos(startNanos, RingKey.trtClass(key));
    }

    long messageId(int handle) {
        return handle >= 0 ? idHigh << 32 | ring[handle + KEY] >>> 32
                : overflow.messageId(overflowSlot(handle));
    }

    long startEpochNanos(int handle) {
        return handle >= 0 ? ring[handle + START] : overflow.startEpochNanos(overflowSlot(handle));
    }

    long deadlineEpochNanos(int handle) {
        if (handle < 0) {
            return overflow.deadlineEpochNanos(overflowSlot(handle));
        }
        long key = ring[handle + KEY];
        return RingKey.side(key) ? side.deadlineNanos(handle / STRIDE) : classDeadline(ring[handle + START], key);
    }

    /** The id of the pending event's cell ({@link IntervalTable#cell(int)}). */
    int cellId(int handle) {
        if (handle < 0) {
            return overflow.cellId(overflowSlot(handle));
        }
        long key = ring[handle + KEY];
        return RingKey.side(key) ? side.cellId(handle / STRIDE) : RingKey.cellId(key);
    }

    long deviceId(int handle) {
        return handle < 0 ? overflow.deviceId(overflowSlot(handle))
                : RingKey.side(ring[handle + KEY]) ? side.deviceId(handle / STRIDE) : 0;
    }

    long groupId(int handle) {
        return handle < 0 ? overflow.groupId(overflowSlot(handle))
                : RingKey.side(ring[handle + KEY]) ? side.groupId(handle / STRIDE) : 0;
    }

    private int overflowSlot(int handle) {
        return overflow.slotAt(-handle - 2);
    }

    /** Calls {@code visitor} with every pending event (ring order, then the overflow's). Not for the hot path. */
    void forEach(IntervalTable cells, PendingVisitor visitor) {
        for (int at = 0; at < ring.length; at += STRIDE) {
            if (ring[at + KEY] != 0) {
                IntervalCell cell = cells.cell(cellId(at));
                visitor.pending(messageId(at), cell.kind(), cell.variant(), startEpochNanos(at), deviceId(at),
                        groupId(at));
            }
        }
        overflow.forEach(cells, visitor);
    }

    @Override
    public String toString() {
        return "PendingEvents[ring=" + ringSize + "/" + (mask + 1) + " of ids " + idHigh + " << 32, overflow="
                + overflow.size() + "]";
    }
}
