package io.pmr.hardware.tap;

/**
 * A snapshot of what a {@link TraceTap} has read since it was opened. Every complete line read after the
 * start point is in {@code linesRead}; of those, data lines end up in exactly one of {@code starts},
 * {@code ends}, {@code badLines} or {@code otherRegion} ({@code badLines} also counts an incomplete last
 * line discarded at a rotation, which is not a complete line and so not in {@code linesRead}).
 *
 * @param linesRead      complete lines read after the start point (blank, comment, header and bad lines too)
 * @param starts         starts delivered to the listener
 * @param ends           ends delivered to the listener (including {@code unmatchedEnds})
 * @param unmatchedEnds  ends whose message id had no pending start (delivered with an id nobody started)
 * @param badLines       lines rejected, each logged at WARN as {@code file:line: what is wrong}
 * @param otherRegion    valid lines of another region than the tap's, skipped
 * @param droppedStarts  pending starts forgotten because {@code maxPendingStarts} was reached
 * @param rotations      times the tap moved to a new file (rename and create) or the file was truncated
 * @param skippedAtStart non-blank lines skipped because {@code startAtEnd} was set
 * @param readErrors     polls that failed with an I/O error other than a missing file (logged at WARN)
 */
public record TraceTapCounters(long linesRead, long starts, long ends, long unmatchedEnds, long badLines,
                               long otherRegion, long droppedStarts, long rotations, long skippedAtStart,
                               long readErrors) {
}
