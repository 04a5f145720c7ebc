package io.pmr.agent.publish;

import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxEntry;
import io.pmr.proto.v1.AckedRange;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Not thread-safe: the {@link Publisher} uses it under its sweep lock, with the {@link SendState} it reads.
 */
final class AckTrust {
    private static final Logger LOG = LoggerFactory.getLogger(AckTrust.class);

    private final String agentId;
    private final long bootEpoch;
    /** Highest sequence of this boot epoch offered to MQTT, unsigned; 0 before the first (sequences start at 1). */
    private long highestOffered;
    private long ignored;
    private final SendState sent;

    AckTrust(String agentId, long bootEpoch, SendState sent) {
        this.agentId = agentId;
        this.bootEpoch = bootEpoch;
        this.sent = sent;
    }

    /** The entry is about to be handed to MQTT for the first time in this run, or again. */
    void offered(OutboxEntry entry) {
        sent.offered(entry);
        if (entry.bootEpoch() == bootEpoch && Long.compareUnsigned(entry.sequence(), highestOffered) > 0) {
            highestOffered = entry.sequence();
        }
    }

    /**
     * The entries {@code range} may delete: none when it is distrusted (then counted and logged naming
     * {@code topic}), else its offered entries.
     *
     * @param outbox the outbox whose entries the range may cover
     */
    List<OutboxEntry> deletable(AckedRange range, Outbox outbox, String topic) {
        List<OutboxEntry> covered = outbox.covered(range.getBootEpoch(), range.getFirstSequence(),
                range.getLastSequence());
        String distrust = distrust(range, covered);
        if (distrust != null) {
            ignored++;
            LOG.warn("agent {}: ignored Ack range (boot epoch {}, sequences {}..{}) on {}: {}", agentId,
                    Long.toUnsignedString(range.getBootEpoch()), Long.toUnsignedString(range.getFirstSequence()),
                    Long.toUnsignedString(range.getLastSequence()), topic, distrust);
            return List.of();
        }
        List<OutboxEntry> deletable = new ArrayList<>();
        for (OutboxEntry entry : covered) {
            if (sent.wasOffered(entry)) {
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
    private String distrust(AckedRange range, List<OutboxEntry> covered) {
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
        for (OutboxEntry entry : covered) {
            if (!sent.wasOffered(entry)) {
                return "covers sequence " + Long.toUnsignedString(entry.sequence()) + ", not published yet";
            }
        }
        return null;
    }
}
