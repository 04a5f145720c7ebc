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
    /** The class the last {@link #classOf} answered with a class, and its TRT: nearly every start has its kind's. */
    private int lastClass;
    private long lastTrtNanos;

    /**
     * The class of {@code deadline - start}, taking a new one for a TRT not seen before; 0 when the deadline is to be
     * kept whole.
     */
    int classOf(long startEpochNanos, long deadlineEpochNanos) {
        long trtNanos = deadlineEpochNanos - startEpochNanos;
        if (((deadlineEpochNanos ^ startEpochNanos) & (deadlineEpochNanos ^ trtNanos)) < 0) {
            return 0; // the difference overflowed
        }
        return classOfTrt(trtNanos, deadlineEpochNanos);
    }

    /**
     * {@link #classOf} of a deadline that is exactly {@code start + trtNanos} (not saturated: the caller checked), with
     * no subtraction or overflow test: the usual start's.
     */
    int classOfTrt(long trtNanos, long deadlineEpochNanos) {
        if (trtNanos == lastTrtNanos && lastClass != 0) {
            return lastClass;
        }
        return search(trtNanos, deadlineEpochNanos);
    }

    /** {@link #classOf} past its last answer: the classes taken, else a new one. */
    private int search(long trtNanos, long deadlineEpochNanos) {
        for (int c = classes; c > 0; c--) {
            if (trtNanosByClass[c] == trtNanos) {
                return remember(c, trtNanos);
            }
        }
        if (classes == CLASSES || deadlineEpochNanos == Long.MAX_VALUE) {
            return 0; // a saturated deadline's difference is its own: it would use up the classes
        }
        trtNanosByClass[++classes] = trtNanos;
        return remember(classes, trtNanos);
    }

    private int remember(int trtClass, long trtNanos) {
        lastClass = trtClass;
        lastTrtNanos = trtNanos;
        return trtClass;
    }

    int inUse() {
        return classes;
    }

    /** The deadline of an event of a class (1..{@value #CLASSES}) that started at {@code startEpochNanos}. */
    long deadlineEpochNanos(long startEpochNanos, int trtClass) {
        return startEpochNanos + trtNanosByClass[trtClass];
    }
}
