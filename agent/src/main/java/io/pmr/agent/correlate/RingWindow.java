package io.pmr.agent.correlate;

import static io.pmr.agent.correlate.RingEntry.SIDE;

/**
 * The storage of {@link PendingEvents}' ring and how it moves: the 8-byte {@linkplain RingEntry entries} by position,
 * the window of ids they belong to, the base their starts are offsets from, and the side arrays; the window's slides
 * and jumps, the start base's moves and the ring's doubling, each evicting to the overflow ({@link #evict}, the
 * subclass's) the events the ring can no longer hold. A superclass, not a field, so that the record path reads the
 * ring's fields with no extra load.
 *
 * <p>Threading: the record path's thread only.
 */
abstract class RingWindow {
    /** {@link #admitOutside}'s answer for an id the ring does not take (outside its window, and the window stays). */
    static final int OVERFLOW_ONLY = -2;
    static final int MAX_RING = 1 << 18;
    static final int MIN_RING = 64;
    /** How far past the window's top an id may be and slide it there at once, evicting the positions it passes. */
    private static final int MAX_CHEAP_SLIDE = 64;
    /** Where a new start base is put below the start that needs it: half the offsets an entry holds. */
    private static final long START_BASE_MARGIN_NANOS = 1L << (RingEntry.START_BITS - 1);

    long[] ring;
    int mask;
    int ringSize;
    /** The lowest id the ring may hold; the window is {@code [windowBase, windowBase + mask]} (wrapping). */
    long windowBase;
    /** What entries' start offsets are from (wrapping arithmetic: start = base + offset, exactly). */
    long startBaseNanos;
    /** Inserts since the window last jumped (it jumps again only after a ring's worth; never wraps). */
    long insertsSinceJump;

    /** Deadline, cell, hub and group of the {@link RingEntry#SIDE} events by ring position. */
    RingSide side = new RingSide();

    /** @param initialRing ring positions to start with (rounded up to a power of two, {@value #MIN_RING} at least) */
    RingWindow(int initialRing) {
        int wanted = Math.max(MIN_RING, Math.min(MAX_RING, initialRing));
        int positions = Integer.bitCount(wanted) == 1 ? wanted : Integer.highestOneBit(wanted) << 1;
        ring = new long[positions];
        mask = positions - 1;
    }

    /** Moves the event at a ring position to the overflow: its position leaves the window, or its start the base's reach. */
    abstract void evict(int at);

    /** The ring position (the handle) of an id. */
    final int entry(long messageId) {
        return (int) messageId & mask;
    }

    /** Whether an id is in the ring's window (it may be in the ring; no other id has its position there). */
    final boolean inWindow(long messageId) {
        return (messageId - windowBase & ~(long) mask) == 0;
    }

    /** The id of the window at a position. */
    final long idAt(int position) {
        return windowBase + (position - windowBase & mask);
    }

    /**
     * The ring handle an id not pending and outside the window takes, or {@link #OVERFLOW_ONLY}: one up to {@value
     * #MAX_CHEAP_SLIDE} past its top slides the window up to it; the ring takes any id when it is empty, or after a
     * ring's worth of inserts since the window last jumped (one jump's evictions per ring's worth); else none.
     */
    final int admitOutside(long messageId) {
        long above = messageId - windowBase;
        long past = above - mask; // > 0 when the id is above the window's top
        if (ringSize == 0) {
            windowBase = messageId - (mask >>> 1);
        } else if (above > 0 && past <= MAX_CHEAP_SLIDE) {
            slide(Math.max(past, slideIds()));
        } else if (above > 0 && insertsSinceJump > mask) {
            if (past > mask) {
                evictAll();
                windowBase = messageId - (mask >>> 1);
            } else {
                slide(past);
            }
            insertsSinceJump = 0;
        } else {
            return OVERFLOW_ONLY;
        }
        return entry(messageId);
    }

    /** Ids a slide moves the window by at least: a few positions of the ring at once (1 for a ring of 1,024 or less). */
    private int slideIds() {
        return Math.max(1, (mask + 1) >>> 10);
    }

    /** Moves the window up by {@code ids} (at most the ring's size): the events at the positions it frees are evicted. */
    private void slide(long ids) {
        if (ringSize > 0) {
            long[] ring = this.ring;
            for (long id = windowBase, end = windowBase + ids; id != end; id++) {
                int at = entry(id);
                if (ring[at] != 0) {
                    evict(at); // reads the id from the window as it was
                }
            }
        }
        windowBase += ids;
    }

    private void evictAll() {
        for (int at = 0; at < ring.length; at++) {
            if (ring[at] != 0) {
                evict(at);
            }
        }
    }

    /**
     * Moves the start base up for a start past the offsets an entry holds, re-basing the entries and evicting those that
     * started before the new base; any base when the ring is empty. False (the start goes to the overflow) for a start
     * before the base.
     */
    final boolean rebaseStarts(long startNanos) {
        long newBase = startNanos - START_BASE_MARGIN_NANOS;
        if (ringSize > 0) {
            if (startNanos - startBaseNanos < 0) {
                return false;
            }
            for (int at = 0; at < ring.length; at++) {
                long key = ring[at];
                if (key != 0) {
                    long offset = startBaseNanos + RingEntry.startOffsetNanos(key) - newBase;
                    if (RingEntry.fits(offset)) {
                        ring[at] = RingEntry.withStartOffset(key, offset);
                    } else {
                        evict(at); // reads the start from the base as it was
                    }
                }
            }
        }
        startBaseNanos = newBase;
        return true;
    }

    /**
     * Doubles the ring, the window from the same base: every id in it is in the larger window, at a position of its own
     * (distinct modulo m, distinct modulo 2m); the entries are the same.
     */
    final void growRing() {
        long[] old = ring;
        int oldMask = mask;
        RingSide oldSide = side;
        side = new RingSide();
        if (oldSide.allocated()) {
            side.allocate((mask + 1) * 2);
        }
        ring = new long[(mask + 1) * 2];
        mask = ring.length - 1;
        for (int from = 0; from < old.length; from++) {
            long key = old[from];
            if (key != 0) {
                int at = entry(windowBase + (from - windowBase & oldMask));
                ring[at] = key;
                if ((key & SIDE) != 0) {
                    side.copy(oldSide, from, at);
                }
            }
        }
    }
}
