package io.pmr.agent.correlate;

/**
 * The storage of {@link PendingEvents}' ring: a direct-mapped array of entries by message id, an event at position
 * {@code id & mask} in {@value #STRIDE} longs, 16 bytes (four to a cache line): its start, and its key ({@link RingKey}:
 * the id's low 32 bits, flags, the {@linkplain TrtClasses class of its TRT}, the id of its cell). The ring holds ids of
 * one value of the high 32 bits, {@link #idHigh}. An entry whose deadline has no TRT class (a rule's, a saturated one),
 * or with a hub and group, or a cell id past {@value RingKey#CELL_BITS} bits, keeps those fields whole in {@link
 * RingSide}'s arrays by position, allocated at the first such entry. Reading and writing entries by ring handle (the
 * index of an entry's first long: {@value #STRIDE} times its position, so that reading it takes no multiplication) is
 * this class's; which id is pending where (the ring or the overflow), admission, eviction and when to grow are {@link
 * PendingEvents}'. A superclass, not a field of it, so that the record path reads the ring's fields with no extra load.
 *
 * <p>Threading: single-threaded (the record path).
 */
abstract class RingEntries {
    static final int STRIDE = 2;
    static final int MAX_RING = 1 << 18;
    static final int MIN_RING = 64;
    static final int START = 0;
    /** The id's low 32 bits, then the meta ({@link RingKey}); 0 for an empty position. */
    static final int KEY = 1;
    static final long OCCUPIED = RingKey.OCCUPIED;
    static final long TRACKED = RingKey.TRACKED;
    static final long ID_BITS = RingKey.ID_BITS;

    // Package-private for PendingEvents, the one subclass (it admits, evicts and grows); nothing else reads them.
    long[] ring;
    int mask;
    int ringSize;
    /** The high 32 bits of every id in the ring; ids with others go to the overflow. */
    long idHigh;
    /** Inserts since the ring last moved to new high bits (it moves again only after a ring's worth; never wraps). */
    long insertsSinceRebase;
    final TrtClasses trtClasses = new TrtClasses();
    /** Deadline, cell, hub and group of the {@linkplain RingKey#SIDE side} entries by ring position. */
    RingSide side = new RingSide();

    /** @param initialRing ring positions to start with (rounded up to a power of two, at least {@value #MIN_RING}) */
    RingEntries(int initialRing) {
        int wanted = Math.max(MIN_RING, Math.min(MAX_RING, initialRing));
        allocateRing(Integer.bitCount(wanted) == 1 ? wanted : Integer.highestOneBit(wanted) << 1);
    }

    private void allocateRing(int positions) {
        ring = new long[positions * STRIDE];
        mask = positions - 1;
        ringSize = 0;
    }

    /** Ring positions now (for tests: it follows how long events stay pending). */
    int ringPositions() { return mask + 1; }
    /** TRT classes taken (for tests: a rule's deadlines take none). */
    int trtClassesInUse() { return trtClasses.inUse(); }

    /** The handle of the ring entry an id's position names: {@value #STRIDE} times the position. */
    final int entry(long messageId) {
        return ((int) messageId & mask) * STRIDE;
    }

    /**
     * Whether the entry at {@code at} holds this id (of the ring's high bits) with every one of the {@code flags} set:
     * the key's high half is the id's low 32 bits, an occupied entry's meta has {@link #OCCUPIED}: one mask, one test.
     */
    final boolean holds(int at, long messageId, long flags) {
        return ((ring[at + KEY] ^ messageId << 32) & (ID_BITS | flags)) == flags && (messageId >>> 32) == idHigh;
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
     * The ring handle of an id's position (whoever holds it): with {@link #keyInRing} and {@link #holdsClassed}, the
     * usual end's one look at the ring, with no merge of the ring's and the overflow's answers as {@link
     * PendingEvents#find} has.
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

    /**
     * Writes an entry at a free position ({@code at}'s key is 0); {@code classify}: its deadline is start + a TRT other
     * events share, kept as a TRT class when it has one (else the deadline, cell, hub and group are kept whole beside).
     */
    final void write(int at, long messageId, long startNanos, long deadlineNanos, int cellId, long deviceId,
                     long groupId, boolean tracked, boolean classify) {
        int trtClass = !classify || (deviceId | groupId) != 0 || cellId > RingKey.MAX_CELL_ID ? 0
                : trtClasses.classOf(startNanos, deadlineNanos);
        if (trtClass == 0) {
            if (!side.allocated()) {
                side.allocate(mask + 1);
            }
            side.set(at / STRIDE, deadlineNanos, cellId, deviceId, groupId);
        }
        fill(at, startNanos, RingKey.of(messageId, tracked ? OCCUPIED | TRACKED : OCCUPIED, trtClass, cellId));
    }

    /**
     * {@link #write} of an entry with no hub or group whose deadline is exactly {@code start + trtNanos} (not saturated),
     * when its TRT has a class and its cell id fits the key: the usual start's; false (nothing written) otherwise.
     */
    final boolean writeClassed(int at, long messageId, long startNanos, long trtNanos, int cellId, boolean tracked) {
        int trtClass = trtClasses.classOfTrt(trtNanos, startNanos + trtNanos);
        if (trtClass == 0 || cellId > RingKey.MAX_CELL_ID) {
            return false;
        }
        fill(at, startNanos, RingKey.of(messageId, tracked ? OCCUPIED | TRACKED : OCCUPIED, trtClass, cellId));
        return true;
    }

    private void fill(int at, long startNanos, long key) {
        ring[at + START] = startNanos;
        ring[at + KEY] = key;
        ringSize++;
        insertsSinceRebase++;
    }

    /** Empties the entry at a ring handle. */
    final void clear(int at) {
        ring[at + KEY] = 0;
        ringSize--;
    }

    final long ringMessageId(int at) {
        return idHigh << 32 | ring[at + KEY] >>> 32;
    }

    final long ringDeadline(int at) {
        long key = ring[at + KEY];
        return RingKey.side(key) ? side.deadlineNanos(at / STRIDE) : classDeadline(ring[at + START], key);
    }

    final int ringCellId(int at) {
        long key = ring[at + KEY];
        return RingKey.side(key) ? side.cellId(at / STRIDE) : RingKey.cellId(key);
    }

    final long ringDeviceId(int at) {
        return RingKey.side(ring[at + KEY]) ? side.deviceId(at / STRIDE) : 0;
    }

    final long ringGroupId(int at) {
        return RingKey.side(ring[at + KEY]) ? side.groupId(at / STRIDE) : 0;
    }

    /** Doubles the ring; every entry keeps a position of its own (distinct modulo m, distinct modulo 2m). */
    final void doubleRing() {
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
}
