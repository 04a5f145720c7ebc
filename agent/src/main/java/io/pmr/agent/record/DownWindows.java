package io.pmr.agent.record;

import io.pmr.hardware.EventKind;

import java.util.Arrays;

/**
 * Turns the final verdicts of {@link EventKind#availabilityProbe() availability probes} into down windows, per kind.
 *
 * <p>The rule, over each kind's probes in start order: a window opens at the start of the first down probe after an
 * up one (or at the first probe, when it is down) and closes at the start of the next up probe. Up = answered
 * successfully within the probe timeout; down = an error, a late answer or a timeout. Verdicts may become final out
 * of start order (a lost probe is only timed out when the clock is next read, possibly after the next probe was
 * answered): each kind keeps its probes still waiting for a verdict in start order and applies the rule from the
 * oldest as soon as it is decided.
 *
 * <p>Closed windows wait here until the batch holding them is in the outbox ({@link #clearClosed()}). A window still
 * open holds its measure's watermark back ({@link #openSinceEpochNanos}): no watermark passes a window not yet sent.
 *
 * <p>Hot path: no allocation per probe in steady state (primitive rings and arrays, doubled only when more probes
 * wait, or more windows are closed, than ever before). Threading: single-threaded (the record path's thread, which
 * also builds the batches).
 */
public final class DownWindows {
    private static final byte WAITING = 0;
    private static final byte UP = 1;
    private static final byte DOWN = 2;

    private final Ring[] rings = new Ring[EventKind.every().length];
    private final long[] openSinceNanos = new long[EventKind.every().length];
    private final boolean[] open = new boolean[EventKind.every().length];
    private byte[] closedKinds = new byte[16];
    private long[] closedStartNanos = new long[16];
    private long[] closedEndNanos = new long[16];
    private int closed;

    /** A probe started (in start order for its kind); its verdict follows through {@link #verdict}. */
    public void started(EventKind kind, long messageId, long startEpochNanos) {
        Ring ring = rings[kind.ordinal()];
        if (ring == null) {
            ring = new Ring();
            rings[kind.ordinal()] = ring;
        }
        ring.add(messageId, startEpochNanos);
    }

    /** The verdict of a probe given to {@link #started}: up (answered successfully within the timeout) or down. */
    public void verdict(EventKind kind, long messageId, boolean up) {
        Ring ring = rings[kind.ordinal()];
        if (ring == null || !ring.decide(messageId, up ? UP : DOWN)) {
            return; // not a probe this tracker saw start: nothing to decide
        }
        int k = kind.ordinal();
        while (ring.size > 0 && ring.headVerdict() != WAITING) {
            long start = ring.headStart();
            boolean headUp = ring.headVerdict() == UP;
            ring.pop();
            if (!headUp && !open[k]) {
                open[k] = true;
                openSinceNanos[k] = start;
            } else if (headUp && open[k]) {
                open[k] = false;
                addClosed(kind, openSinceNanos[k], start);
            }
        }
    }

    /**
     * Opens a window of a kind at {@code startEpochNanos}, as it was at the last graceful stop (before the probes
     * carried over that stop start again). Does nothing when one is open already.
     */
    public void reopen(EventKind kind, long startEpochNanos) {
        int k = kind.ordinal();
        if (!open[k]) {
            open[k] = true;
            openSinceNanos[k] = startEpochNanos;
        }
    }

    /** The start of the kind's open window, {@link Long#MAX_VALUE} when none is open. */
    public long openSinceEpochNanos(EventKind kind) {
        return open[kind.ordinal()] ? openSinceNanos[kind.ordinal()] : Long.MAX_VALUE;
    }

    private void addClosed(EventKind kind, long startNanos, long endNanos) {
        if (closed == closedKinds.length) {
            int capacity = closed * 2;
            closedKinds = Arrays.copyOf(closedKinds, capacity);
            closedStartNanos = Arrays.copyOf(closedStartNanos, capacity);
            closedEndNanos = Arrays.copyOf(closedEndNanos, capacity);
        }
        closedKinds[closed] = (byte) kind.ordinal();
        closedStartNanos[closed] = startNanos;
        closedEndNanos[closed] = endNanos;
        closed++;
    }

    /** Closed windows not yet written to the outbox, in the order they closed. */
    public int closedCount() {
        return closed;
    }

    public EventKind closedKind(int i) {
        return EventKind.every()[closedKinds[i]];
    }

    public long closedStartEpochNanos(int i) {
        return closedStartNanos[i];
    }

    public long closedEndEpochNanos(int i) {
        return closedEndNanos[i];
    }

    /** Forgets the closed windows (after the batch holding them was written to the outbox). */
    public void clearClosed() {
        closed = 0;
    }

    /**
     * One kind's probes waiting for their verdict (or behind one that is), in start order. A verdict finds its probe by
     * binary search while the waiting ids are strictly increasing (ports number messages from one counter, in start
     * order), else by a walk from the oldest: behind one lost probe, thousands wait until it times out, and a walk per
     * verdict made that quadratic (a fifth of the agents' CPU in a 30,000-hub demo).
     */
    static final class Ring {
        /** Below this many waiting, the walk is as quick as the search. */
        private static final int SEARCH_FROM = 16;
        private long[] ids = new long[64];
        private long[] starts = new long[64];
        private byte[] verdicts = new byte[64];
        private int head;
        private int size;
        /**
         * Adjacent pairs of waiting ids, oldest first, whose second id is not above the first: the ids from head on are
         * strictly increasing (so each is there once, in order) iff there is none.
         */
        private int descents;

        void add(long messageId, long startNanos) {
            if (size == ids.length) {
                grow();
            }
            if (size > 0 && messageId <= ids[(head + size - 1) & (ids.length - 1)]) {
                descents++;
            }
            int slot = (head + size) & (ids.length - 1);
            ids[slot] = messageId;
            starts[slot] = startNanos;
            verdicts[slot] = WAITING;
            size++;
        }

        /** Sets the verdict of the oldest waiting probe with this id; false when none waits. */
        boolean decide(long messageId, byte verdict) {
            int mask = ids.length - 1;
            if (descents == 0 && size >= SEARCH_FROM) {
                int low = 0;
                int high = size - 1;
                while (low <= high) {
                    int middle = (low + high) >>> 1;
                    long id = ids[(head + middle) & mask];
                    if (id < messageId) {
                        low = middle + 1;
                    } else if (id > messageId) {
                        high = middle - 1;
                    } else {
                        int slot = (head + middle) & mask;
                        if (verdicts[slot] != WAITING) {
                            return false; // the only probe with this id is decided already
                        }
                        verdicts[slot] = verdict;
                        return true;
                    }
                }
                return false;
            }
            for (int i = 0; i < size; i++) {
                int slot = (head + i) & mask;
                if (ids[slot] == messageId && verdicts[slot] == WAITING) {
                    verdicts[slot] = verdict;
                    return true;
                }
            }
            return false;
        }

        byte headVerdict() {
            return verdicts[head];
        }

        long headStart() {
            return starts[head];
        }

        void pop() {
            int mask = ids.length - 1;
            if (size > 1 && ids[(head + 1) & mask] <= ids[head]) {
                descents--; // the pair the oldest probe began leaves with it
            }
            head = (head + 1) & mask;
            size--;
        }

        /** Whether a verdict finds its probe by binary search (the waiting ids are strictly increasing). */
        boolean ascending() {
            return descents == 0;
        }

        private void grow() {
            int capacity = ids.length * 2;
            long[] newIds = new long[capacity];
            long[] newStarts = new long[capacity];
            byte[] newVerdicts = new byte[capacity];
            for (int i = 0; i < size; i++) {
                int slot = (head + i) & (ids.length - 1);
                newIds[i] = ids[slot];
                newStarts[i] = starts[slot];
                newVerdicts[i] = verdicts[slot];
            }
            ids = newIds;
            starts = newStarts;
            verdicts = newVerdicts;
            head = 0;
        }
    }
}
