package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;

/**
 * Pending events by message id, laid out for the ids ports give: from one counter, increasing with the start
 * ({@code HanListener}; the simulated rig, the trace tap). The front is a direct-mapped ring ({@link RingEntries}): an
 * event lives at position {@code id & mask}, its fields inline in 16 bytes. The ring holds ids of one value of the high
 * 32 bits ({@link #admit}); any other id goes to the overflow. With counter ids the starts fill the ring in order (the
 * line a start writes is the one the start before it wrote), and an end reads one line, found from its id alone: one
 * cache miss where an index and a slot behind it made two dependent ones. An event still pending when a newer id needs
 * its position (it outlived a ring's worth of starts) moves to an overflow {@link PendingTable}, an open-addressing hash
 * table; so does any id the ring does not take, so ids of any other shape are correct too, at a hash table's cost.
 *
 * <p>The ring doubles (up to {@value #MAX_RING} positions, 4 MB) when {@link RingGrowth} says so (removals found in the
 * overflow too often). It never shrinks (the storage of the pending events' high-water mark, as before).
 *
 * <p>Handles: {@link #find} returns a handle valid until the next change: {@code >= 0} a ring entry (the index of its
 * first long in the ring's array), {@code <= -2} an overflow bucket, {@link #NOT_PENDING} none. An id is pending in at
 * most one of the ring and the overflow. Nothing else names an event by where it is (entries move): the deadline queues
 * find it again by id. The usual end and start take one look at the ring instead ({@link #positionOf}, {@link
 * #holdsClassed}, {@link #takesFree}).
 *
 * <p>Threading: single-threaded (the record path). No allocation per event once grown.
 */
final class PendingEvents extends RingEntries {
    static final int NOT_PENDING = -1;
    /** {@link #placeFor}'s answer for an id that is pending already. */
    static final int PENDING_ALREADY = -1;
    /** {@link #placeFor}'s answer for an id the ring does not take (its high 32 bits are not the ring's). */
    static final int OVERFLOW_ONLY = -2;

    private final PendingTable overflow;
    /** Takes the deadline of a {@linkplain #insertAt tracked} event that leaves the ring still pending. */
    private final Evicted evicted;
    /**
     * Every id in the overflow is in [min, max], reset to the empty range [MAX_VALUE, MIN_VALUE] when it empties: counter
     * ids need no overflow probe, and an empty overflow none at all (no id is in the empty range).
     */
    private long overflowMinId = Long.MAX_VALUE;
    private long overflowMaxId = Long.MIN_VALUE;
    /**
     * How many ids in the overflow have each value of the low {@value #LOW_ID_BITS} bits: an id whose count is 0 is not
     * there, with no probe. Events that outlive the ring by hours (rule deadlines, firmware) keep the id range wide, and
     * most ids looked up in it are of events that ended long ago (the expiry's deadline entries, most ends the ring no
     * longer holds): their probes were 5% of the agents' loops in a 30,000-hub demo. 64 KB; a count is never below the
     * number of such ids in the overflow (no false "not there").
     */
    private final int[] overflowLowIds = new int[1 << LOW_ID_BITS];
    private static final int LOW_ID_BITS = 14;
    private static final int LOW_ID_MASK = (1 << LOW_ID_BITS) - 1;
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
        super(initialRing);
        this.evicted = evicted;
        overflow = new PendingTable(16);
    }

    int size() { return ringSize + overflow.size(); }

    /** Events in the overflow now (for tests). */
    int overflowSize() { return overflow.size(); }

    /** The handle of a pending id, or {@link #NOT_PENDING}. */
    int find(long messageId) {
        int at = entry(messageId);
        if (holds(at, messageId, OCCUPIED)) {
            return at;
        }
        if (mayOverflow(messageId)) {
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
        if (mayOverflow(messageId) && overflow.probe(messageId) >= 0) {
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
     * {@link #insertFree} then fills; any other takes {@link #placeFor} (which asks {@link #mayOverflow}).
     */
    boolean takesFree(int at, long messageId) {
        return ring[at + KEY] == 0 && (messageId >>> 32) == idHigh
                && (messageId < overflowMinId || messageId > overflowMaxId); // the range only: the usual start's code
    }

    /**
     * Whether an id may be in the overflow (false: it is not): in its id range (empty while the overflow is empty;
     * counter ids are above it) and its low bits those of an id there.
     */
    private boolean mayOverflow(long messageId) {
        return messageId >= overflowMinId && messageId <= overflowMaxId
                && overflowLowIds[(int) messageId & LOW_ID_MASK] != 0;
    }

    /**
     * {@link #insertAt} at a position {@link #takesFree} said the id takes (nothing changed since), of an event with no
     * hub or group whose deadline is exactly {@code start + trtNanos} (not saturated).
     */
    void insertFree(int at, long messageId, long startNanos, long trtNanos, int cellId, boolean tracked) {
        if (!writeClassed(at, messageId, startNanos, trtNanos, cellId, tracked)) {
            place(at, messageId, startNanos, startNanos + trtNanos, cellId, 0, 0, tracked, true);
        }
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
        if (ring[at + KEY] != 0) {
            evict(at); // frees the position (the ring grows only on a removal, never here)
        }
        write(at, messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked, classify);
    }

    private void toOverflow(long id, long start, long deadline, int cellId, long deviceId, long groupId,
                            boolean tracked) {
        overflow.add(id, start, deadline, cellId, deviceId, groupId);
        overflowLowIds[(int) id & LOW_ID_MASK]++;
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
        clear(at); // after the fields are read (the accessors read the meta)
        toOverflow(id, start, deadline, cellId, deviceId, groupId, (key & TRACKED) != 0);
    }

    /** Removes the pending event at a handle {@link #find} gave. */
    void remove(int handle) {
        if (handle >= 0) {
            removeFromRing(handle);
            return;
        }
        int bucket = -handle - 2;
        overflowLowIds[(int) overflow.messageId(overflow.slotAt(bucket)) & LOW_ID_MASK]--;
        overflow.removeAt(bucket);
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
        clear(at);
        if (growth.removedFromRing()) {
            grow();
        }
    }

    private void grow() {
        if (mask + 1 < MAX_RING) {
            doubleRing();
        }
    }

    long messageId(int handle) {
        return handle >= 0 ? ringMessageId(handle) : overflow.messageId(overflowSlot(handle));
    }

    long startEpochNanos(int handle) {
        return handle >= 0 ? startInRing(handle) : overflow.startEpochNanos(overflowSlot(handle));
    }

    long deadlineEpochNanos(int handle) {
        return handle >= 0 ? ringDeadline(handle) : overflow.deadlineEpochNanos(overflowSlot(handle));
    }

    /** The id of the pending event's cell ({@link IntervalTable#cell(int)}). */
    int cellId(int handle) {
        return handle >= 0 ? ringCellId(handle) : overflow.cellId(overflowSlot(handle));
    }

    long deviceId(int handle) {
        return handle >= 0 ? ringDeviceId(handle) : overflow.deviceId(overflowSlot(handle));
    }

    long groupId(int handle) {
        return handle >= 0 ? ringGroupId(handle) : overflow.groupId(overflowSlot(handle));
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
