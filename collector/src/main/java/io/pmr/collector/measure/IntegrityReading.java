package io.pmr.collector.measure;

import io.pmr.collector.data.MeasureData;
import io.pmr.collector.report.IntegrityNotes;
import io.pmr.collector.data.EnvelopeConflict;
import io.pmr.collector.data.IdentityClash;
import java.util.ArrayList;
import java.util.List;

/**
 * A month's {@link IntegrityNotes}: every conflict and identity clash last seen at or after the month's start (one seen
 * later, while the month is still being reported, may concern its data; one that ended before cannot). Stateless.
 */
final class IntegrityReading {
    /** Keeps a report bounded when an agent floods conflicts; the conflicts table keeps them all. */
    static final int MAX_CONFLICTS = 1_000;

    private IntegrityReading() {
    }

    static IntegrityNotes notes(MeasureData data, long periodStartEpochMillis) {
        List<IntegrityNotes.Conflict> conflicts = new ArrayList<>();
        for (EnvelopeConflict c : data.conflicts(MAX_CONFLICTS)) {
            if (c.lastReceivedEpochMillis() >= periodStartEpochMillis) {
                conflicts.add(new IntegrityNotes.Conflict(c.key().agentId(), Long.toUnsignedString(c.key().bootEpoch()),
                        Long.toUnsignedString(c.key().sequence()), c.storedSha256Hex(), c.receivedSha256Hex(),
                        c.firstReceivedEpochMillis(), c.lastReceivedEpochMillis(), c.receipts()));
            }
        }
        List<IntegrityNotes.Clash> clashes = new ArrayList<>();
        for (IdentityClash c : data.identityClashes()) {
            if (c.lastSeenEpochMillis() >= periodStartEpochMillis) {
                clashes.add(new IntegrityNotes.Clash(c.agentId(), Long.toUnsignedString(c.bootEpochA()),
                        Long.toUnsignedString(c.bootEpochB()), c.firstSeenEpochMillis(), c.lastSeenEpochMillis()));
            }
        }
        return conflicts.isEmpty() && clashes.isEmpty() ? IntegrityNotes.NONE : new IntegrityNotes(conflicts, clashes);
    }
}
