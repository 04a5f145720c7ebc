package io.pmr.agent.spool;

import io.pmr.proto.v1.Envelope;

import java.nio.file.Path;

/**
 * One envelope in the outbox: its identity, what its body is and its file. Immutable: what the sender did with it
 * (published when, how often, offered to MQTT) is the sender's state ({@code agent.publish}), not the log's.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class OutboxEntry {
    private final long bootEpoch;
    private final long sequence;
    private final Envelope.BodyCase body;
    private final Path file;
    private final IntervalKeys keys;

    OutboxEntry(long bootEpoch, long sequence, Envelope.BodyCase body, Path file, IntervalKeys keys) {
        this.bootEpoch = bootEpoch;
        this.sequence = sequence;
        this.body = body;
        this.file = file;
        this.keys = keys;
    }

    /** The interval keys and watermarks of an intervals envelope, else null. */
    IntervalKeys keys() {
        return keys;
    }

    public long bootEpoch() {
        return bootEpoch;
    }

    public long sequence() {
        return sequence;
    }

    /** What the envelope carries ({@code STATUS}, {@code INTERVALS} or {@code EVENTS}; never {@code BODY_NOT_SET}). */
    public Envelope.BodyCase body() {
        return body;
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "envelope(" + bootEpoch + "," + sequence + "," + body + ")";
    }
}
