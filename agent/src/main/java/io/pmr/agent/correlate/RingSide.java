package io.pmr.agent.correlate;

/**
 * The fields of {@link PendingEvents}' ring entries that the 16-byte entry cannot pack, kept whole by ring position:
 * the deadline (a rule's, one per event; a saturated one; past the ring's {@link TrtClasses}), the cell id (past the
 * entry's bits) and the hub and group of a per-device event. Allocated at the first such event, at the ring's size.
 *
 * <p>Threading: the record path's thread only, like the ring.
 */
final class RingSide {
    private long[] deadlines;
    private int[] cells;
    private long[] deviceIds;
    private long[] groupIds;

    /** Whether any entry has used the side arrays (they exist). */
    boolean allocated() {
        return deadlines != null;
    }

    /** Arrays for a ring of this many positions (their contents are lost: {@link #grow} keeps them). */
    void allocate(int positions) {
        deadlines = new long[positions];
        cells = new int[positions];
        deviceIds = new long[positions];
        groupIds = new long[positions];
    }

    void set(int position, long deadlineNanos, int cellId, long deviceId, long groupId) {
        if (deadlines == null) {
            throw new IllegalStateException("side arrays not allocated");
        }
        deadlines[position] = deadlineNanos;
        cells[position] = cellId;
        deviceIds[position] = deviceId;
        groupIds[position] = groupId;
    }

    /** Copies an entry's fields from {@code old}'s position to this one's (the ring grew). */
    void copy(RingSide old, int from, int to) {
        set(to, old.deadlines[from], old.cells[from], old.deviceIds[from], old.groupIds[from]);
    }

    long deadlineNanos(int position) {
        return deadlines[position];
    }

    int cellId(int position) {
        return cells[position];
    }

    long deviceId(int position) {
        return deviceIds[position];
    }

    long groupId(int position) {
        return groupIds[position];
    }
}
