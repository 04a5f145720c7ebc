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
        /** The MQTT session's id of the connection of the last publish. */
        long connection = -1;
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

    /**
     * @param connection the id of the connection the publish was handed to (read before the publish: a connection
     *                   that changed in between only makes the envelope due once more, never less)
     */
    void published(OutboxEntry entry, long nowNanos, long connection) {
        Attempts attempts = bySequence.computeIfAbsent(entry.sequence(), sequence -> new Attempts());
        attempts.lastPublishedNanos = nowNanos;
        attempts.publishCount++;
        attempts.connection = connection;
    }

    /**
     * After a (re)connect: every envelope last published on another connection is due at once, keeping its attempt
     * count and that it was offered. One already published on this connection (a sweep may run between the
     * connection's establishment and this call) is left to its own re-send timer: it is in this connection's flight,
     * and publishing it again would only make the collector count a duplicate.
     */
    void allDueBut(long connection) {
        for (Attempts attempts : bySequence.values()) {
            if (attempts.connection != connection) {
                attempts.lastPublishedNanos = NEVER;
            }
        }
    }

    /** The envelopes left the outbox (acknowledged): nothing more to remember of them. */
    void forget(List<OutboxEntry> acknowledged) {
        for (OutboxEntry entry : acknowledged) {
            bySequence.remove(entry.sequence());
        }
    }
}
