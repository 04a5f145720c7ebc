package io.pmr.agent.correlate;

/**
 * When {@link PendingEvents}' ring doubles: when more than one removal in {@value #GROW_WHEN_ONE_IN} of the last
 * {@value #WINDOW_REMOVALS} found its event in the overflow. So the ring follows how many starts most events stay
 * pending for, and does not chase the few that stay for a day (an SMKI request due by 06:59 next day among thousands
 * of quick ones stays in the overflow). The window after a growth is not judged: the events evicted before it still
 * leave the overflow.
 *
 * <p>Threading: the record path's thread only, like the ring.
 */
final class RingGrowth {
    static final int WINDOW_REMOVALS = 4_096;
    static final int GROW_WHEN_ONE_IN = 16;

    /** Removals in the current window, and how many of them were from the overflow. */
    private int windowRemovals;
    private int windowOverflowRemovals;
    /** Set when the ring grew: the next window is not judged. */
    private boolean settling;

    /** A removal from the ring: whether the ring should double now. */
    boolean removedFromRing() {
        return ++windowRemovals == WINDOW_REMOVALS && windowClosed();
    }

    /** A removal from the overflow: whether the ring should double now. */
    boolean removedFromOverflow() {
        windowOverflowRemovals++;
        return ++windowRemovals == WINDOW_REMOVALS && windowClosed();
    }

    /** Judges the window that just closed and opens the next; the caller doubles the ring when this says so. */
    private boolean windowClosed() {
        boolean grow = !settling && windowOverflowRemovals * GROW_WHEN_ONE_IN > WINDOW_REMOVALS;
        settling = grow;
        windowRemovals = 0;
        windowOverflowRemovals = 0;
        return grow;
    }
}
