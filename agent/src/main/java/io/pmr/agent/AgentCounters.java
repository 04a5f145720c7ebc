package io.pmr.agent;

/**
 * A snapshot of an agent's counters since it started (this boot only).
 *
 * @param starts           starts accepted into the pending table
 * @param ends             ends that completed a pending event (within TRT or failed)
 * @param withinTrt        events completed with success and latency &lt;= TRT
 * @param timedOut         events with no end once the clock passed their deadline
 * @param failed           events ended unsuccessfully or later than their TRT
 * @param lateEnds         ends for an event already final as timed out (they change nothing)
 * @param unknownEnds      ends for an id never started, or already completed (they change nothing)
 * @param duplicateStarts  starts whose id was already pending (ignored)
 * @param rejected         observations with bad input: null kind or variant, a kind with no TRT configured,
 *                         an end earlier than its start (logged; the event stays pending)
 * @param envelopesWritten envelopes written durably to the outbox
 * @param publishes        MQTT publishes handed to the client (copies included)
 * @param resends          envelopes published again (re-send sweep or replay after a reconnect or restart)
 * @param acked            outbox envelopes deleted because the collector acknowledged them
 * @param outboxFull       times a batch could not be written because the outbox was full (it was kept in memory)
 * @param outboxSetAside   corrupt, partial or torn outbox files moved aside at start (kept, never deleted)
 * @param intervalsSkipped final intervals not written because the sent-interval ledger holds them (a replay after
 *                         a crash recomputed what an earlier run had already written)
 * @param outboxWriteFailures times a batch could not be written because the disk refused it (kept in memory)
 * @param ackRangesIgnored Ack ranges ignored because no collector can have sent them (beyond what this boot epoch
 *                         published, over entries not published yet, or inverted): forged or corrupt acks
 * @param outsideHours     starts outside the hours of their measure's TRT rule (e.g. {@code 15s in core hours},
 *                         TSP/PM1.7): left out of the measure, as the rule says, and their ends dropped
 * @param acksDropped      collector Acks dropped on arrival because the agent's thread of control was busy and its Ack
 *                         queue full (logged); Acks are cumulative, so a later one covers what a dropped one said, but
 *                         a count that keeps rising means acknowledged envelopes wait to be deleted
 */
public record AgentCounters(long starts, long ends, long withinTrt, long timedOut, long failed, long lateEnds,
        long unknownEnds, long duplicateStarts, long rejected, long envelopesWritten, long publishes, long resends,
        long acked, long outboxFull, long outboxSetAside, long intervalsSkipped, long outboxWriteFailures,
        long ackRangesIgnored, long outsideHours, long acksDropped) {
}
