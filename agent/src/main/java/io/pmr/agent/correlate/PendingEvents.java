package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;

import static io.pmr.agent.correlate.RingEntry.OCCUPIED;
import static io.pmr.agent.correlate.RingEntry.SIDE;
import static io.pmr.agent.correlate.RingEntry.TRACKED;

/**
 * Pending events by message id, laid out for the ids ports give: from one counter, increasing with the start
 * ({@code HanListener}; the simulated rig, the trace tap). The front is a direct-mapped ring over a window of ids: the
 * ring's positions hold only ids in {@code [windowBase, windowBase + positions)}, the one such id whose {@code id & mask}
 * is a position at that position, so a position names its id and an entry holds no bit of it: one {@code long}, 8
 * bytes, eight to a cache line ({@link RingEntry}: flags, the {@linkplain TrtClasses class of its TRT}, the id of its
 * cell, its start as an offset from a start base). With counter ids the starts fill the ring in order, and an end reads
 * one entry, found from its id alone; the pending events' entries take half the lines 16-byte entries took, which is
 * what an end's lookup waits on with thousands pending.
 *
 * <p>The window moves up with the ids: an id just above it slides it up (by at least {@link #slideIds()} ids at once),
 * and the events still pending at the positions it frees (they outlived a ring's worth of ids) move to an overflow
 * {@link PendingTable}, an open-addressing hash table. An id below the window, or far above it (more than 64 ids past
 * its top, unless a ring's worth of inserts passed since the last such jump, which then moves the window to it), goes
 * to the overflow, as does a start whose offset from the start base does not fit 40 bits (older than the base; the
 * base moves up, re-basing the entries and moving those older than it to the overflow, when a start passes 18.3 minutes
 * after it: at most once per 9.2 minutes of starts). So ids and starts of any shape are correct, at a hash table's
 * cost. An event whose deadline has no TRT class (a rule's, a saturated one), or with a hub and group, or a cell id past
 * {@value RingEntry#CELL_BITS} bits, keeps those fields whole in {@link RingSide}'s arrays by ring position, allocated
 * at the first such event.
 *
 * <p>The ring doubles (up to {@value #MAX_RING} positions, 2 MB) when {@link RingGrowth} says so (removals found in the
 * overflow too often). It never shrinks (the storage of the pending events' high-water mark, as before).
 *
 * <p>Handles: {@link #find} returns a handle valid until the next change: {@code >= 0} a ring entry (its position),
 * {@code <= -2} an overflow bucket, {@link #NOT_PENDING} none. An id is pending in at most one of the ring and the
 * overflow. Nothing else names an event by where it is (entries move): the deadline queues find it again by id.
 *
 * <p>Threading: single-threaded (the record path). No allocation per event once grown.
 */
final class PendingEvents extends RingWindow {
    static final int NOT_PENDING = -1;
    /** {@link #placeFor}'s answer for an id that is pending already. */
    static final int PENDING_ALREADY = -1;
    private final TrtClasses trtClasses = new TrtClasses();
    /** The events the ring does not hold (counter ids above its ids take no probe: {@link PendingTable#find}). */
    private final PendingTable overflow;
    /** Takes the deadline of a {@linkplain #insertAt tracked} event that leaves the ring still pending. */
    private final Evicted evicted;
    /** Every id in the overflow is in [min, max]; the empty range [MAX_VALUE, MIN_VALUE] when it is empty. */
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
        super(initialRing);
        this.evicted = evicted;
        overflow = new PendingTable(16);
    }

    int size() { return ringSize + overflow.size(); }

    /** Ring positions now (for tests: it follows how long events stay pending). */
    int ringPositions() { return mask + 1; }
    /** Events in the overflow now (for tests). */
    int overflowSize() { return overflow.size(); }
    /** TRT classes taken (for tests: a rule's deadlines take none). */
    int trtClassesInUse() { return trtClasses.inUse(); }

    /** The handle of a pending id, or {@link #NOT_PENDING}. */
    int find(long messageId) {
        int at = entry(messageId);
        if ((ring[at] & OCCUPIED) != 0 && inWindow(messageId)) {
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
        return (ring[at] & (OCCUPIED | TRACKED)) == (OCCUPIED | TRACKED) && inWindow(messageId) ? at : NOT_PENDING;
    }

    /**
     * The first id of {@code [fromId, endId)} (in the order of increasing ids, wrapping past {@code Long.MAX_VALUE})
     * pending in the ring and tracked, or {@code endId} when none: the start-order scan's walk, in one loop with no
     * call, the ring, its mask and window in locals.
     */
    long nextTracked(long fromId, long endId) {
        long[] ring = this.ring;
        int mask = this.mask;
        long windowBase = this.windowBase;
        long id = fromId;
        while (id != endId) {
            if ((ring[(int) id & mask] & (OCCUPIED | TRACKED)) == (OCCUPIED | TRACKED)
                    && (id - windowBase & ~(long) mask) == 0) {
                return id;
            }
            id++;
        }
        return endId;
    }

    /** The event at a ring handle now has a deadline entry of its own. */
    void untrack(int handle) {
        ring[handle] &= ~TRACKED;
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
        boolean inWindow = inWindow(messageId);
        if (inWindow && (ring[at] & OCCUPIED) != 0
                || messageId >= overflowMinId && messageId <= overflowMaxId && overflow.probe(messageId) >= 0) {
            return PENDING_ALREADY;
        }
        return inWindow ? at : admitOutside(messageId);
    }

    /** The ring handle an id not pending takes, or {@link #OVERFLOW_ONLY} ({@link #admitOutside}). */
    private int admit(long messageId) {
        return inWindow(messageId) ? entry(messageId) : admitOutside(messageId);
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

    /** {@link #insertAt}; {@code classify}: the deadline is start + a TRT other events share (else kept whole). */
    private void place(int at, long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId,
                       long groupId, boolean tracked, boolean classify) {
        if (cellId < 0 || cellId > PendingTable.MAX_CELL_ID) {
            throw new IllegalArgumentException("cell id " + cellId + " of message " + messageId + " is not in 0.."
                    + PendingTable.MAX_CELL_ID);
        }
        insertsSinceJump++;
        long startOffset = startNanos - startBaseNanos;
        if (at == OVERFLOW_ONLY || !RingEntry.fits(startOffset)) {
            placeOffBase(at, messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked, classify);
        } else {
            write(at, startOffset, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked, classify);
        }
    }

    /** {@link #place} of an id the ring does not take, or of a start the base does not reach (the base may move). */
    private void placeOffBase(int at, long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId,
                              long groupId, boolean tracked, boolean classify) {
        if (at != OVERFLOW_ONLY && rebaseStarts(startNanos)) {
            write(at, startNanos - startBaseNanos, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked,
                    classify);
        } else {
            toOverflow(messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, tracked);
        }
    }

    /** Writes the entry of an event at its position, its start offset from the base fitting. */
    private void write(int at, long startOffset, long startNanos, long deadlineNanos, int cellId, long deviceId,
                       long groupId, boolean tracked, boolean classify) {
        int trtClass = !classify || (deviceId | groupId) != 0 || cellId > RingEntry.MAX_CELL_ID ? 0
                : trtClasses.classOf(startNanos, deadlineNanos);
        long flags = tracked ? OCCUPIED | TRACKED : OCCUPIED;
        if (trtClass == 0) {
            if (!side.allocated()) {
                side.allocate(mask + 1);
            }
            side.set(at, deadlineNanos, cellId, deviceId, groupId);
            ring[at] = RingEntry.of(startOffset, 0, 0, flags | SIDE);
        } else {
            ring[at] = RingEntry.of(startOffset, cellId, trtClass, flags);
        }
        ringSize++;
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

    /** Moves the event at a ring handle to the overflow (its position leaves the window, or its start the base's reach). */
    @Override
    void evict(int at) {
        long key = ring[at];
        long deviceId = deviceId(at);
        long groupId = groupId(at);
        long id = messageId(at);
        long start = startEpochNanos(at);
        long deadline = deadlineEpochNanos(at);
        int cellId = cellId(at);
        ring[at] = 0; // after the fields are read (the accessors read the entry)
        ringSize--;
        toOverflow(id, start, deadline, cellId, deviceId, groupId, (key & TRACKED) != 0);
    }

    /** Removes the pending event at a handle {@link #find} gave. */
    void remove(int handle) {
        boolean grow;
        if (handle >= 0) {
            ring[handle] = 0;
            ringSize--;
            grow = growth.removedFromRing();
        } else {
            overflow.removeAt(-handle - 2);
            if (overflow.size() == 0) {
                overflowMinId = Long.MAX_VALUE;
                overflowMaxId = Long.MIN_VALUE;
            }
            grow = growth.removedFromOverflow();
        }
        if (grow && mask + 1 < MAX_RING) {
            growRing();
        }
    }

    long messageId(int handle) {
        return handle >= 0 ? idAt(handle) : overflow.messageId(overflowSlot(handle));
    }

    long startEpochNanos(int handle) {
        return handle >= 0 ? startBaseNanos + RingEntry.startOffsetNanos(ring[handle])
                : overflow.startEpochNanos(overflowSlot(handle));
    }

    long deadlineEpochNanos(int handle) {
        if (handle < 0) {
            return overflow.deadlineEpochNanos(overflowSlot(handle));
        }
        long key = ring[handle];
        return (key & SIDE) != 0 ? side.deadlineNanos(handle)
                : trtClasses.deadlineEpochNanos(startBaseNanos + RingEntry.startOffsetNanos(key), RingEntry.trtClass(key));
    }

    /** The id of the pending event's cell ({@link IntervalTable#cell(int)}). */
    int cellId(int handle) {
        if (handle < 0) {
            return overflow.cellId(overflowSlot(handle));
        }
        long key = ring[handle];
        return (key & SIDE) != 0 ? side.cellId(handle) : RingEntry.cellId(key);
    }

    long deviceId(int handle) {
        return handle < 0 ? overflow.deviceId(overflowSlot(handle))
                : (ring[handle] & SIDE) != 0 ? side.deviceId(handle) : 0;
    }

    long groupId(int handle) {
        return handle < 0 ? overflow.groupId(overflowSlot(handle))
                : (ring[handle] & SIDE) != 0 ? side.groupId(handle) : 0;
    }

    private int overflowSlot(int handle) {
        return overflow.slotAt(-handle - 2);
    }

    /** Calls {@code visitor} with every pending event (ring order, then the overflow's). Not for the hot path. */
    void forEach(IntervalTable cells, PendingVisitor visitor) {
        for (int at = 0; at < ring.length; at++) {
            if (ring[at] != 0) {
                IntervalCell cell = cells.cell(cellId(at));
                visitor.pending(messageId(at), cell.kind(), cell.variant(), startEpochNanos(at), deviceId(at),
                        groupId(at));
            }
        }
        overflow.forEach(cells, visitor);
    }

    @Override
    public String toString() {
        return "PendingEvents[ring=" + ringSize + "/" + (mask + 1) + " of ids from " + windowBase + ", overflow="
                + overflow.size() + "]";
    }
}
