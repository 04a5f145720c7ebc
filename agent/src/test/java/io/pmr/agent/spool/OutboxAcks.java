package io.pmr.agent.spool;

import io.pmr.proto.v1.AckedRange;

import java.util.ArrayList;
import java.util.List;

/**
 * For the spool's tests: removes what Ack ranges cover, as the sender does once it believes them (every entry counts
 * as published here; which ranges to believe is the sender's, tested in {@code publish.AckTrustTest}).
 */
final class OutboxAcks {
    private OutboxAcks() {
    }

    /** Removes the entries the ranges cover; returns how many were deleted. */
    static int acknowledge(Outbox outbox, List<AckedRange> ranges) {
        List<OutboxEntry> covered = new ArrayList<>();
        for (AckedRange range : ranges) {
            covered.addAll(outbox.covered(range.getBootEpoch(), range.getFirstSequence(), range.getLastSequence()));
        }
        return outbox.remove(covered);
    }
}
