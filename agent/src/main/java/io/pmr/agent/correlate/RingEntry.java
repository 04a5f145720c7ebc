package io.pmr.agent.correlate;

/**
 * The 8-byte ring entry of {@link PendingEvents}, eight to a cache line: one {@code long} holding the flags, the event's
 * {@linkplain TrtClasses TRT class}, its cell id and its start as an offset from the ring's start base. No bit of the
 * id: the ring holds only the ids of its window, one id a position ({@link PendingEvents}), so the position names the
 * id. 0 is an empty position.
 *
 * <pre>
 * bits 0-2   OCCUPIED, TRACKED, SIDE
 * bits 3-6   TRT class (1..15; 0 with SIDE: the deadline is kept whole beside the ring)
 * bits 7-23  cell id (up to 131,071; a larger one is kept beside the ring, with SIDE)
 * bits 24-63 start - start base, nanoseconds (40 bits: 0 to 18.3 minutes, exactly)
 * </pre>
 *
 * <p>Stateless; static methods the JIT inlines.
 */
final class RingEntry {
    static final long OCCUPIED = 1L;
    /** The event has no deadline entry: the start-order scan ({@code StartOrderScan}) stands for one. */
    static final long TRACKED = 2L;
    /** The event's deadline, cell, hub and group are in the side arrays ({@link RingSide}), not in the entry. */
    static final long SIDE = 4L;
    private static final int CLASS_SHIFT = 3;
    private static final int CELL_SHIFT = 7;
    static final int CELL_BITS = 17;
    /** The largest cell id an entry holds; a larger one is kept in the side arrays. */
    static final int MAX_CELL_ID = (1 << CELL_BITS) - 1;
    private static final int START_SHIFT = CELL_SHIFT + CELL_BITS;
    static final int START_BITS = 64 - START_SHIFT;
    /** Everything but the start's offset. */
    private static final long META_BITS = (1L << START_SHIFT) - 1;

    private RingEntry() {
    }

    /** Whether a start's offset from the base ({@code start - base}, wrapping) fits an entry: 0 to 2^40 - 1. */
    static boolean fits(long startOffsetNanos) {
        return startOffsetNanos >>> START_BITS == 0;
    }

    /** An entry of a start offset that {@linkplain #fits fits}, a TRT class (0 for SIDE), a cell id and flags. */
    static long of(long startOffsetNanos, int cellId, int trtClass, long flags) {
        return startOffsetNanos << START_SHIFT | (long) cellId << CELL_SHIFT | (long) trtClass << CLASS_SHIFT | flags;
    }

    /** The same entry with another start offset (the base moved); the offset must {@linkplain #fits fit}. */
    static long withStartOffset(long entry, long startOffsetNanos) {
        return startOffsetNanos << START_SHIFT | entry & META_BITS;
    }

    static long startOffsetNanos(long entry) {
        return entry >>> START_SHIFT;
    }

    static int cellId(long entry) {
        return (int) (entry >>> CELL_SHIFT) & MAX_CELL_ID;
    }

    static int trtClass(long entry) {
        return (int) (entry >>> CLASS_SHIFT) & TrtClasses.CLASSES;
    }
}
