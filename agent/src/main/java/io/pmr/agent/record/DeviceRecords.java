package io.pmr.agent.record;

import io.pmr.hardware.EventKind;

import java.util.Arrays;

/**
 * Per-device events that became final and are not yet written to the outbox: kind, hub, group, message id,
 * start, end and outcome, in parallel primitive arrays. The record path appends without allocating (the
 * arrays double only when more records wait than ever before); the batch builder reads them, and the agent
 * {@link #clear()}s them once the batch holding them is in the outbox (until then they are kept and travel
 * in the next batch, like final intervals).
 *
 * <p>Threading: single-threaded (the record path's thread, which also builds the batches).
 */
public final class DeviceRecords {
    /** The event ended successfully, latency &lt;= TRT. */
    public static final byte WITHIN_TRT = 1;
    /** The event ended successfully, later than the TRT (before its deadline was noticed). */
    public static final byte OUTSIDE_TRT = 2;
    /** No end by the deadline. */
    public static final byte TIMED_OUT = 3;
    /** The end reported a failure. */
    public static final byte FAILED = 4;
    /**
     * Excluded at the source: a SMWAN connectivity check of a hub on the exclusion list that day (its start's group);
     * its end is 0 when the check was not answered.
     */
    public static final byte EXCLUDED = 5;

    private byte[] kinds;
    private byte[] outcomes;
    private long[] deviceIds;
    private long[] groupIds;
    private long[] messageIds;
    private long[] startEpochNanos;
    private long[] endEpochNanos;
    private int size;

    public DeviceRecords(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        kinds = new byte[capacity];
        outcomes = new byte[capacity];
        deviceIds = new long[capacity];
        groupIds = new long[capacity];
        messageIds = new long[capacity];
        startEpochNanos = new long[capacity];
        endEpochNanos = new long[capacity];
    }

    /** Appends one final event; {@code endEpochNanos} is 0 when it timed out. */
    public void add(EventKind kind, long deviceId, long groupId, long messageId, long startNanos, long endNanos,
                    byte outcome) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            outcomes = Arrays.copyOf(outcomes, capacity);
            deviceIds = Arrays.copyOf(deviceIds, capacity);
            groupIds = Arrays.copyOf(groupIds, capacity);
            messageIds = Arrays.copyOf(messageIds, capacity);
            startEpochNanos = Arrays.copyOf(startEpochNanos, capacity);
            endEpochNanos = Arrays.copyOf(endEpochNanos, capacity);
        }
        kinds[size] = (byte) kind.ordinal();
        outcomes[size] = outcome;
        deviceIds[size] = deviceId;
        groupIds[size] = groupId;
        messageIds[size] = messageId;
        startEpochNanos[size] = startNanos;
        endEpochNanos[size] = endNanos;
        size++;
    }

    public int size() {
        return size;
    }

    /** Forgets every record (after the batch holding them was written to the outbox). */
    public void clear() {
        size = 0;
    }

    public EventKind kind(int i) {
        return EventKind.every()[kinds[i]];
    }

    public byte outcome(int i) {
        return outcomes[i];
    }

    public long deviceId(int i) {
        return deviceIds[i];
    }

    public long groupId(int i) {
        return groupIds[i];
    }

    public long messageId(int i) {
        return messageIds[i];
    }

    public long startEpochNanos(int i) {
        return startEpochNanos[i];
    }

    /** 0 when the event timed out. */
    public long endEpochNanos(int i) {
        return endEpochNanos[i];
    }
}
