package io.pmr.agent.spool;

import io.pmr.proto.v1.AckedRange;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Ack ranges an agent believes. On the anonymous broker any local client can publish on
 * {@code pmr/v1/{agentId}/ack}, and an Ack deletes unacknowledged data, so a range no collector can have sent is
 * ignored as a whole, counted and logged (agent id, range, topic): its first sequence after its last, or, in the
 * current boot epoch, reaching beyond the highest sequence this run offered to MQTT or covering an entry not offered
 * yet. Of a believed range only entries offered in this run are deleted. Ranges of another boot epoch are the normal
 * content of a cumulative Ack (the collector lists every key it holds): they delete only offered entries and are
 * otherwise passed over without a count (after a restart, the Ack of a replayed entry may come before the replay; the
 * next Ack deletes it). Sequences and epochs are uint64 on the wire and compared unsigned. A forged range inside what
 * was offered cannot be told from a genuine one (docs/security.md).
 *
 * <p>Not thread-safe: used under the {@link Outbox}'s lock.
 */
final class AckTrust {
    private static final Logger LOG = LoggerFactory.getLogger(AckTrust.class);

    private final String agentId;
    private final long bootEpoch;
    /** Highest sequence of this boot epoch offered to MQTT, unsigned; 0 before the first (sequences start at 1). */
    private long highestOffered;
    private long ignored;

    AckTrust(String agentId, long bootEpoch) {
        this.agentId = agentId;
        this.bootEpoch = bootEpoch;
    }

    /** The entry is about to be handed to MQTT for the first time in this run, or again. */
    void offered(OutboxEntry entry) {
        entry.markOffered();
        if (entry.bootEpoch() == bootEpoch && Long.compareUnsigned(entry.sequence(), highestOffered) > 0) {
            highestOffered = entry.sequence();
        }
    }

    /**
     * The entries {@code range} may delete: none when it is distrusted (then counted and logged naming
     * {@code topic}), else its offered entries.
     *
     * @param entries the outbox's entries by sequence, ordered unsigned
     */
    List<OutboxEntry> deletable(AckedRange range, NavigableMap<Long, OutboxEntry> entries, String topic) {
        String distrust = distrust(range, entries);
        if (distrust != null) {
            ignored++;
            LOG.warn("agent {}: ignored Ack range (boot epoch {}, sequences {}..{}) on {}: {}", agentId,
                    Long.toUnsignedString(range.getBootEpoch()), Long.toUnsignedString(range.getFirstSequence()),
                    Long.toUnsignedString(range.getLastSequence()), topic, distrust);
            return List.of();
        }
        List<OutboxEntry> deletable = new ArrayList<>();
        for (OutboxEntry entry : covered(range, entries)) {
            if (entry.offered()) {
                deletable.add(entry);
            }
        }
        return deletable;
    }

    /** Ranges ignored so far. */
    long ignored() {
        return ignored;
    }

    /** Why no collector can have sent {@code range}, or null when it may be genuine. */
    private String distrust(AckedRange range, NavigableMap<Long, OutboxEntry> entries) {
        long first = range.getFirstSequence();
        long last = range.getLastSequence();
        if (Long.compareUnsigned(first, last) > 0) {
            return "first_sequence is after last_sequence";
        }
        if (range.getBootEpoch() != bootEpoch) {
            return null;
        }
        if (Long.compareUnsigned(last, highestOffered) > 0) {
            return highestOffered == 0 ? "this agent has published nothing in this boot epoch"
                    : "beyond sequence " + Long.toUnsignedString(highestOffered)
                            + ", the highest this agent published in this boot epoch";
        }
        for (OutboxEntry entry : covered(range, entries)) {
            if (!entry.offered()) {
                return "covers sequence " + Long.toUnsignedString(entry.sequence()) + ", not published yet";
            }
        }
        return null;
    }

    /** The entries of the range's boot epoch with a sequence inside it; the range is not inverted. */
    private static List<OutboxEntry> covered(AckedRange range, NavigableMap<Long, OutboxEntry> entries) {
        List<OutboxEntry> inRange = new ArrayList<>();
        for (OutboxEntry entry : entries.subMap(range.getFirstSequence(), true, range.getLastSequence(), true)
                .values()) {
            if (entry.bootEpoch() == range.getBootEpoch()) {
                inRange.add(entry);
            }
        }
        return inRange;
    }
}
