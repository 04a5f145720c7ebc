package io.pmr.hardware.tap;

/**
 * The live counters behind {@link TraceTapCounters}. Written only by the polling thread; volatile so that
 * a snapshot taken from another thread sees recent values (single writer, so {@code x = x + 1} is safe).
 */
final class Counts {
    volatile long linesRead;
    volatile long starts;
    volatile long ends;
    volatile long unmatchedEnds;
    volatile long badLines;
    volatile long otherRegion;
    volatile long droppedStarts;
    volatile long rotations;
    volatile long skippedAtStart;
    volatile long readErrors;

    TraceTapCounters snapshot() {
        return new TraceTapCounters(linesRead, starts, ends, unmatchedEnds, badLines, otherRegion, droppedStarts,
                rotations, skippedAtStart, readErrors);
    }
}
