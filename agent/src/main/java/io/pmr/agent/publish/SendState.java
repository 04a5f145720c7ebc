package io.pmr.agent.publish;

import io.pmr.agent.spool.OutboxEntry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sender did with each unacknowledged outbox envelope in this run: when it last published it, how often,
 * and whether it has handed it to MQTT at all (only then can a genuine Ack list it, {@link AckTrust}). The outbox is
 * the durable log; this is the sender's memory of it, lost at a restart on purpose (everything unacknowledged is
 * replayed then).
 *
 * <p>Threading: not thread-safe; the {@link Publisher} uses it under its sweep lock.
 */
final class SendState {
    /** {@link #lastPublishedNanos} of an envelope not published since it was written, loaded or made due. */
    static final long NEVER = Long.MIN_VALUE;

    /** By sequence (sequences never repeat for an agent, across boot epochs). */
    private final Map<Long, Attempts> bySequence = new HashMap<>();

    private static final class Attempts {
        long lastPublishedNanos = NEVER;
        int publishCount;
    }

    /** Real-time nanos (the sender's clock) of the last publish, or {@link #NEVER}. */
    long lastPublishedNanos(OutboxEntry entry) {
        Attempts attempts = bySequence.get(entry.sequence());
        return attempts == null ? NEVER : attempts.lastPublishedNanos;
    }

    /** How many times the envelope was published in this run. */
    int publishCount(OutboxEntry entry) {
        Attempts attempts = bySequence.get(entry.sequence());
        return attempts == null ? 0 : attempts.publishCount;
    }

    /** The envelope is about to be handed to MQTT (before the publish: its Ack may overtake the publish's return). */
    void offered(OutboxEntry entry) {
        bySequence.computeIfAbsent(entry.sequence(), sequence -> new Attempts());
    }

    /** Whether this run has handed the envelope to MQTT. */
    boolean wasOffered(OutboxEntry entry) {
        return bySequence.containsKey(entry.sequence());
    }

    void published(OutboxEntry entry, long nowNanos) {
        Attempts attempts = bySequence.computeIfAbsent(entry.sequence(), sequence -> new Attempts());
        attempts.lastPublishedNanos = nowNanos;
        attempts.publishCount++;
    }

    /** After a reconnect: every envelope is due at once, keeping its attempt count and that it was offered. */
    void allDue() {
        for (Attempts attempts : bySequence.values()) {
            attempts.lastPublishedNanos = NEVER;
        }
    }

    /** The envelopes left the outbox (acknowledged): nothing more to remember of them. */
    void forget(List<OutboxEntry> acknowledged) {
        for (OutboxEntry entry : acknowledged) {
            bySequence.remove(entry.sequence());
        }
    }
}
