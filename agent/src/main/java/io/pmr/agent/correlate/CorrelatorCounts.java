package io.pmr.agent.correlate;

/**
 * The record path's counters at one instant, as {@link Correlator#publishCounters()} published them: what
 * threads other than the record path read (the agent's counters, its metrics).
 *
 * @param starts          starts accepted (each now pending or final)
 * @param ends            ends matched with a pending start
 * @param withinTrt       ends within TRT (successful, latency at most the TRT)
 * @param timedOut        events made final as timed out (no end by their deadline)
 * @param failed          ends unsuccessful or later than the TRT
 * @param lateEnds        ends of events that had timed out already
 * @param unknownEnds     ends of ids not pending (never started, or already final)
 * @param duplicateStarts starts of ids already pending, ignored
 * @param rejected        bad starts or ends refused (no kind or variant, no TRT, end before start)
 * @param outsideHours    starts outside the hours of their kind's TRT rule ({@code 15s in core hours}): left out
 */
public record CorrelatorCounts(long starts, long ends, long withinTrt, long timedOut, long failed, long lateEnds,
                               long unknownEnds, long duplicateStarts, long rejected, long outsideHours) {
}
