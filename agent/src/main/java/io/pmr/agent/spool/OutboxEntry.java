package io.pmr.agent.spool;

import io.pmr.proto.v1.IntervalReportBatch;

import java.nio.file.Path;

/**
 * One envelope in the outbox: its identity, the topic suffix it is published under and its file.
 * The time it was last published is kept here for the re-send sweep.
 *
 * <p>Threading: {@link #lastPublishedNanos} and {@link #publishCount} are volatile and written by the one
 * thread that publishes (the publisher's sweep); everything else is immutable.
 */
public final class OutboxEntry {
    /** {@link #lastPublishedNanos()} of an entry never published. */
    public static final long NEVER = Long.MIN_VALUE;

    private final long bootEpoch;
    private final long sequence;
    private final String topicSuffix;
    private final Path file;
    private final IntervalReportBatch keys;
    private volatile long lastPublishedNanos = NEVER;
    private volatile int publishCount;
    /** Handed to MQTT at least once since it was loaded or written (set just before the first publish). */
    private volatile boolean offered;

    OutboxEntry(long bootEpoch, long sequence, String topicSuffix, Path file) {
        this(bootEpoch, sequence, topicSuffix, file, null);
    }

    OutboxEntry(long bootEpoch, long sequence, String topicSuffix, Path file, IntervalReportBatch keys) {
        this.bootEpoch = bootEpoch;
        this.sequence = sequence;
        this.topicSuffix = topicSuffix;
        this.file = file;
        this.keys = keys;
    }

    /** The interval keys and watermarks of an intervals envelope (see {@link SentIntervals#keysOf}), else null. */
    IntervalReportBatch keys() {
        return keys;
    }

    public long bootEpoch() {
        return bootEpoch;
    }

    public long sequence() {
        return sequence;
    }

    /** {@code status}, {@code intervals} or {@code events}: the last level of the topic. */
    public String topicSuffix() {
        return topicSuffix;
    }

    public Path file() {
        return file;
    }

    /** Real-time nanos (the publisher's clock) of the last publish, or {@link #NEVER}. */
    public long lastPublishedNanos() {
        return lastPublishedNanos;
    }

    /** How many times this envelope was published since it was loaded or written. */
    public int publishCount() {
        return publishCount;
    }

    /** Makes the envelope due for publishing at once (after a reconnect), keeping its attempt count. */
    public void markDue() {
        lastPublishedNanos = NEVER;
    }

    /** Whether this run has handed it to MQTT: only then can a genuine Ack list it. */
    boolean offered() {
        return offered;
    }

    void markOffered() {
        offered = true;
    }

    public void markPublished(long nanos) {
        lastPublishedNanos = nanos;
        publishCount++;
    }

    @Override
    public String toString() {
        return "envelope(" + bootEpoch + "," + sequence + "," + topicSuffix + ")";
    }
}
