package io.pmr.collector.report;

import java.util.List;
import java.util.Objects;

/**
 * What the store saw that a reader of a report must know although no figure counts it: payloads that came under an
 * envelope key already stored with other content (kept apart, never counted) and agent ids under which two agents were
 * live at once. Boot epochs and sequences are uint64, given as unsigned decimal strings (they exceed JSON's exact
 * integers).
 */
public record IntegrityNotes(List<Conflict> conflicts, List<Clash> identityClashes) {
    public static final IntegrityNotes NONE = new IntegrityNotes(List.of(), List.of());

    public IntegrityNotes {
        conflicts = List.copyOf(conflicts);
        identityClashes = List.copyOf(identityClashes);
    }

    public boolean isEmpty() {
        return conflicts.isEmpty() && identityClashes.isEmpty();
    }

    /** A payload under a stored key with another SHA-256 (both lower-case hex), with how often it came. */
    public record Conflict(String agentId, String bootEpoch, String sequence, String storedSha256,
            String receivedSha256, long firstReceivedEpochMillis, long lastReceivedEpochMillis, long receipts) {
        public Conflict {
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** Two live agents under one agent id, by their boot epochs, and when their births alternated. */
    public record Clash(String agentId, String bootEpochA, String bootEpochB, long firstSeenEpochMillis,
            long lastSeenEpochMillis) {
        public Clash {
            Objects.requireNonNull(agentId, "agentId");
        }
    }
}
