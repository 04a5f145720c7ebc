package io.pmr.agent.correlate;

/**
 * The layout of the key word of a {@link PendingEvents} ring entry: the id's low 32 bits in the high half, the meta in
 * the low half (flags, the {@linkplain TrtClasses class of the event's TRT}, the id of its cell); 0 for an empty
 * position. Static decoders, so that the record path reads the key once and takes every field from that one read.
 */
final class RingKey {
    static final long OCCUPIED = 1L;
    /** The event has no deadline entry: the start-order scan ({@code StartOrderScan}) stands for one. */
    static final long TRACKED = 2L;
    /** The event's deadline (and hub and group) are in the side arrays, not its TRT class. */
    static final long SIDE = 4L;
    static final long ID_BITS = 0xFFFF_FFFF_0000_0000L;
    static final int CLASS_SHIFT = 3;
    static final int CELL_SHIFT = 7;
    static final int CELL_BITS = 32 - CELL_SHIFT;
    /** The largest cell id the meta holds (25 bits); a larger one is kept in the side arrays. */
    static final int MAX_CELL_ID = (1 << CELL_BITS) - 1;

    private RingKey() {
    }

    /** The key of an entry for this id, flags, TRT class (1..15) and cell id; with class 0, the {@link #SIDE} key. */
    static long of(long messageId, long flags, int trtClass, int cellId) {
        long meta = trtClass == 0 ? flags | SIDE : flags | (long) cellId << CELL_SHIFT | (long) trtClass << CLASS_SHIFT;
        return messageId << 32 | meta;
    }

    /** Whether the entry keeps its deadline, cell, hub and group in the side arrays (no TRT class). */
    static boolean side(long key) {
        return (key & SIDE) != 0;
    }

    /** The TRT class of a key that is not {@link #side}. */
    static int trtClass(long key) {
        return (int) (key >>> CLASS_SHIFT) & TrtClasses.CLASSES;
    }

    /** The cell id of a key that is not {@link #side}. */
    static int cellId(long key) {
        return (int) key >>> CELL_SHIFT;
    }
}
