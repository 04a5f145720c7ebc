package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;

/**
 * Pending events by message id, laid out for the ids ports give: from one counter, increasing with the start
 * ({@code HanListener}; the simulated rig, the trace tap). The front is a direct-mapped ring: an event lives at
 * position {@code (id + offset(id >>> 32)) & mask}, its fields inline ({@value #STRIDE} longs, 32 bytes: message id,
 * start, deadline, meta). With counter ids the starts fill the ring in order (the line a start writes is the one
 * the start before it wrote), and an end reads one line, found from its id alone: one cache miss where an index
 * and a slot behind it made two dependent ones. An event still pending when a newer id needs its position (it
 * outlived a ring's worth of starts) moves to an overflow {@link PendingTable}, an open-addressing hash table; so
 * does any id whose position is taken, so ids of any other shape are correct too, at a hash table's cost. The high
 * 32 bits only choose an offset, so ids that differ above bit 32 (a port number, say) do not all map together.
 *
 * <p>The ring doubles (up to {@value #MAX_RING} positions, 8 MB) when more than one removal in
 * {@value #GROW_WHEN_ONE_IN} of the last {@value #WINDOW_REMOVALS} found its event in the overflow: it follows how
 * many starts most events stay pending for, and does not chase the few that stay for a day (an SMKI request due by
 * 06:59 next day among thousands of quick ones stays in the overflow). It never shrinks (the storage of the pending
 * events' high-water mark, as before).
 *
 * <p>Handles: {@link #find} returns a handle valid until the next change: {@code >= 0} a ring position, {@code <=
 * -2} an overflow bucket, {@link #NOT_PENDING} none. An id is pending in at most one of the ring and the overflow.
 *
 * <p>Nothing names an event by where it is stored (entries move to the overflow and when the ring grows): the
 * deadline queues hold (message id, deadline) and find the event again by id ({@code Deadlines}).
 *
 * <p>Threading: single-threaded (the record path). No allocation per event once grown.
 */
final class PendingEvents {
    static final int NOT_PENDING = -1;
    /** {@link #placeFor}'s answer for an id that is pending already. */
    static final int PENDING_ALREADY = -1;
    static final int STRIDE = 4;
    static final int MAX_RING = 1 << 18;
    static final int WINDOW_REMOVALS = 4_096;
    static final int GROW_WHEN_ONE_IN = 16;
    private static final int MIN_RING = 64;
    private static final int MESSAGE_ID = 0;
    private static final int START = 1;
    private static final int DEADLINE = 2;
    /**
     * {@link #OCCUPIED} | {@link #PER_DEVICE} | {@link #TRACKED} | cell id from bit {@value #CELL_SHIFT}; 0 for an empty
     * position.
     */
    private static final int META = 3;
    private static final long OCCUPIED = 1L;
    private static final long PER_DEVICE = 2L;
    /** The event has no deadline entry: the start-order scan ({@code StartOrderScan}) stands for one. */
    private static final long TRACKED = 4L;
    private static final int CELL_SHIFT = 3;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] ring;
    private int mask;
    private int ringSize;
    /** Hub and group of per-device events by ring position; null until the first per-device event. */
    private long[] deviceIds;
    private long[] groupIds;
    private final PendingTable overflow;
    /** Takes the deadline of a {@linkplain #insertAt tracked} event that leaves the ring still pending. */
    private final Evicted evicted;
    /** Every id in the overflow is in [min, max] (reset when it empties): counter ids need no overflow probe. */
    private long overflowMinId = Long.MAX_VALUE;
    private long overflowMaxId = Long.MIN_VALUE;
    /** Removals in the current window, and how many of them were from the overflow. */
    private int windowRemovals;
    private int windowOverflowRemovals;
    /** Set when the ring grew: the next window is not judged (the events evicted before still leave the overflow). */
    private boolean settling;

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
        if (deviceIds != null) {
            deviceIds = new long[positions];
            groupIds = new long[positions];
        }
    }

    int size() {
        return ringSize + overflow.size();
    }

    /** Ring positions now (for tests: it follows how long events stay pending). */
    int ringPositions() {
        return mask + 1;
    }

    /** Events in the overflow now (for tests). */
    int overflowSize() {
        return overflow.size();
    }

    private int position(long messageId) {
        return ((int) messageId + (int) (((messageId >>> 32) * GOLDEN) >>> 32)) & mask;
    }

    /** The handle of a pending id, or {@link #NOT_PENDING}. */
    int find(long messageId) {
        int at = position(messageId) * STRIDE;
        long[] ring = this.ring;
        if (ring[at + MESSAGE_ID] == messageId && ring[at + META] != 0) {
            return at / STRIDE;
        }
        if (overflow.size() != 0 && messageId >= overflowMinId && messageId <= overflowMaxId) {
            int bucket = overflow.probe(messageId);
            if (bucket >= 0) {
                return -bucket - 2;
            }
        }
        return NOT_PENDING;
    }

    /**
     * The ring position of a pending id when it is in the ring and tracked, else {@link #NOT_PENDING} (tracked events
     * are never in the overflow: no overflow probe).
     */
    int trackedInRing(long messageId) {
        int at = position(messageId) * STRIDE;
        long[] ring = this.ring;
        return ring[at + MESSAGE_ID] == messageId && (ring[at + META] & TRACKED) != 0 ? at / STRIDE : NOT_PENDING;
    }

    /** The event at a ring position now has a deadline entry of its own. */
    void untrack(int position) {
        ring[position * STRIDE + META] &= ~TRACKED;
    }

    /**
     * Adds an id that is not pending ({@link #find} said so, and nothing changed since). The hub and group are 0 for an
     * event that is not per-device; {@code cellId} is the {@linkplain IntervalCell#id() id} of the event's cell.
     */
    void insert(long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId, long groupId) {
        insertAt(position(messageId), messageId, startNanos, deadlineNanos, cellId, deviceId, groupId, false);
    }

    /**
     * A start's one probe: the ring position its id takes ({@link #insertAt}), or {@link #PENDING_ALREADY} when the id
     * is pending, in the ring or the overflow. Valid until the next change.
     */
    int placeFor(long messageId) {
        int p = position(messageId);
        int at = p * STRIDE;
        long[] ring = this.ring;
        if (ring[at + MESSAGE_ID] == messageId && ring[at + META] != 0) {
            return PENDING_ALREADY;
        }
        if (overflow.size() != 0 && messageId >= overflowMinId && messageId <= overflowMaxId
                && overflow.probe(messageId) >= 0) {
            return PENDING_ALREADY;
        }
        return p;
    }

    /**
     * Adds an id that is not pending at the position {@link #placeFor} gave it (nothing changed since); a {@code
     * tracked} event has no deadline entry (the start-order scan walks it): should it leave the ring while pending,
     * {@link Evicted} gets its deadline. The hub and group are 0 for an event that is not per-device; {@code cellId} is
     * the {@linkplain IntervalCell#id() id} of the event's cell.
     */
    void insertAt(int p, long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId, long groupId,
                  boolean tracked) {
        if (cellId < 0 || cellId > PendingTable.MAX_CELL_ID) {
            throw new IllegalArgumentException("cell id " + cellId + " of message " + messageId + " is not in 0.."
                    + PendingTable.MAX_CELL_ID);
        }
        int at = p * STRIDE;
        long[] ring = this.ring;
        if (ring[at + META] != 0) {
            evict(p); // frees the position (the ring grows only on a removal, never here)
        }
        ring[at + MESSAGE_ID] = messageId;
        ring[at + START] = startNanos;
        ring[at + DEADLINE] = deadlineNanos;
        long meta = (tracked ? OCCUPIED | TRACKED : OCCUPIED) | ((long) cellId << CELL_SHIFT);
        if (deviceId != 0 || groupId != 0) {
            meta |= PER_DEVICE;
            if (deviceIds == null) {
                deviceIds = new long[mask + 1];
                groupIds = new long[mask + 1];
            }
            deviceIds[p] = deviceId;
            groupIds[p] = groupId;
        }
        ring[at + META] = meta;
        ringSize++;
    }

    /** Moves the event at a ring position to the overflow (a newer id needs the position). */
    private void evict(int p) {
        int at = p * STRIDE;
        long id = ring[at + MESSAGE_ID];
        long meta = ring[at + META];
        boolean perDevice = (meta & PER_DEVICE) != 0;
        overflow.add(id, ring[at + START], ring[at + DEADLINE], (int) (meta >>> CELL_SHIFT),
                perDevice ? deviceIds[p] : 0, perDevice ? groupIds[p] : 0);
        overflowMinId = Math.min(overflowMinId, id);
        overflowMaxId = Math.max(overflowMaxId, id);
        ring[at + META] = 0;
        ringSize--;
        if ((meta & TRACKED) != 0) {
            evicted.trackedEvicted(id, ring[at + START], ring[at + DEADLINE], (int) (meta >>> CELL_SHIFT));
        }
    }

    /** Doubles the ring; every event in it keeps a position of its own (distinct modulo m, distinct modulo 2m). */
    private void growRing() {
        long[] old = ring;
        long[] oldDevices = deviceIds;
        long[] oldGroups = groupIds;
        allocateRing((mask + 1) * 2);
        for (int at = 0; at < old.length; at += STRIDE) {
            long meta = old[at + META];
            if (meta != 0) {
                long id = old[at + MESSAGE_ID];
                int p = position(id);
                System.arraycopy(old, at, ring, p * STRIDE, STRIDE);
                if ((meta & PER_DEVICE) != 0) {
                    deviceIds[p] = oldDevices[at / STRIDE];
                    groupIds[p] = oldGroups[at / STRIDE];
                }
                ringSize++;
            }
        }
    }

    /** Removes the pending event at a handle {@link #find} gave. */
    void remove(int handle) {
        if (handle >= 0) {
            ring[handle * STRIDE + META] = 0;
            ringSize--;
        } else {
            overflow.removeAt(-handle - 2);
            if (overflow.size() == 0) {
                overflowMinId = Long.MAX_VALUE;
                overflowMaxId = Long.MIN_VALUE;
            }
            windowOverflowRemovals++;
        }
        if (++windowRemovals == WINDOW_REMOVALS) {
            if (settling) {
                settling = false;
            } else if (windowOverflowRemovals * GROW_WHEN_ONE_IN > WINDOW_REMOVALS && mask + 1 < MAX_RING) {
                growRing();
                settling = true;
            }
            windowRemovals = 0;
            windowOverflowRemovals = 0;
        }
    }

    long messageId(int handle) {
        return handle >= 0 ? ring[handle * STRIDE + MESSAGE_ID] : overflow.messageId(overflowSlot(handle));
    }

    long startEpochNanos(int handle) {
        return handle >= 0 ? ring[handle * STRIDE + START] : overflow.startEpochNanos(overflowSlot(handle));
    }

    long deadlineEpochNanos(int handle) {
        return handle >= 0 ? ring[handle * STRIDE + DEADLINE] : overflow.deadlineEpochNanos(overflowSlot(handle));
    }

    /** The id of the pending event's cell ({@link IntervalTable#cell(int)}). */
    int cellId(int handle) {
        return handle >= 0 ? (int) (ring[handle * STRIDE + META] >>> CELL_SHIFT) : overflow.cellId(overflowSlot(handle));
    }

    long deviceId(int handle) {
        if (handle >= 0) {
            return (ring[handle * STRIDE + META] & PER_DEVICE) != 0 ? deviceIds[handle] : 0;
        }
        return overflow.deviceId(overflowSlot(handle));
    }

    long groupId(int handle) {
        if (handle >= 0) {
            return (ring[handle * STRIDE + META] & PER_DEVICE) != 0 ? groupIds[handle] : 0;
        }
        return overflow.groupId(overflowSlot(handle));
    }

    private int overflowSlot(int handle) {
        return overflow.slotAt(-handle - 2);
    }

    /** Calls {@code visitor} with every pending event (ring order, then the overflow's). Not for the hot path. */
    void forEach(IntervalTable cells, PendingVisitor visitor) {
        for (int p = 0; p <= mask; p++) {
            long meta = ring[p * STRIDE + META];
            if (meta != 0) {
                IntervalCell cell = cells.cell((int) (meta >>> CELL_SHIFT));
                visitor.pending(messageId(p), cell.kind(), cell.variant(), startEpochNanos(p), deviceId(p), groupId(p));
            }
        }
        overflow.forEach(cells, visitor);
    }

    @Override
    public String toString() {
        return "PendingEvents[ring=" + ringSize + "/" + (mask + 1) + ", overflow=" + overflow.size() + "]";
    }
}
