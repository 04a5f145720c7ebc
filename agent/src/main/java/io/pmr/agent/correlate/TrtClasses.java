package io.pmr.agent.correlate;

/**
 * The TRTs {@link PendingEvents} has seen, numbered 1 to {@value #CLASSES}, so that a ring entry holds an event's
 * deadline as a 4-bit class: deadline = start + TRT of its class, exactly (the class is {@code deadline - start}, taken
 * only when that difference does not overflow). A deadline with no class (a rule's, one per event; a saturated one;
 * past {@value #CLASSES} TRTs; a difference that overflows) is kept whole beside the ring instead.
 *
 * <p>Threading: the record path's thread only.
 */
final class TrtClasses {
    static final int CLASSES = 15;
    /** TRT of class c at [c]; [0] unused (0 is "no class"). */
    private final long[] trtNanosByClass = new long[CLASSES + 1];
    private int classes;

    /**
     * The class of {@code deadline - start}, taking a new one for a TRT not seen before; 0 when the deadline is to be
     * kept whole.
     */
    int classOf(long startEpochNanos, long deadlineEpochNanos) {
        long trtNanos = deadlineEpochNanos - startEpochNanos;
        if (((deadlineEpochNanos ^ startEpochNanos) & (deadlineEpochNanos ^ trtNanos)) < 0) {
            return 0; // the difference overflowed
        }
        for (int c = classes; c > 0; c--) {
            if (trtNanosByClass[c] == trtNanos) {
                return c;
            }
        }
        if (classes == CLASSES || deadlineEpochNanos == Long.MAX_VALUE) {
            return 0; // a saturated deadline's difference is its own: it would use up the classes
        }
        trtNanosByClass[++classes] = trtNanos;
        return classes;
    }

    int inUse() {
        return classes;
    }

    /** The deadline of an event of a class (1..{@value #CLASSES}) that started at {@code startEpochNanos}. */
    long deadlineEpochNanos(long startEpochNanos, int trtClass) {
        return startEpochNanos + trtNanosByClass[trtClass];
    }
}
