package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;

/**
 * A reusable batch of port observations for {@link AgentLoop}, struct-of-arrays so filling and replaying allocate
 * nothing.
 *
 * <p>Threading: filled by the driver's thread, then handed over (through {@link SpscRing}, which orders the writes
 * before the reads) and replayed by the thread of control, then handed back; one thread at a time.
 */
final class Observations {
    private static final EventKind[] KINDS = EventKind.values();
    private static final HubVariant[] VARIANTS = HubVariant.values();
    private static final byte START = 0;
    private static final byte DEVICE_START = 1;
    private static final byte END = 2;

    private final byte[] type;
    private final long[] messageId;
    private final byte[] kind;
    private final byte[] variant;
    private final long[] deviceId;
    private final long[] groupId;
    private final long[] epochNanos;
    private final boolean[] success;
    private int size;

    Observations(int capacity) {
        type = new byte[capacity];
        messageId = new long[capacity];
        kind = new byte[capacity];
        variant = new byte[capacity];
        deviceId = new long[capacity];
        groupId = new long[capacity];
        epochNanos = new long[capacity];
        success = new boolean[capacity];
    }

    /** @return whether the batch is now full */
    boolean addStart(long id, EventKind eventKind, HubVariant hubVariant, long startEpochNanos) {
        int i = size;
        type[i] = START;
        messageId[i] = id;
        kind[i] = (byte) eventKind.ordinal();
        variant[i] = (byte) hubVariant.ordinal();
        epochNanos[i] = startEpochNanos;
        return ++size == type.length;
    }

    /** @return whether the batch is now full */
    boolean addDeviceStart(long id, EventKind eventKind, HubVariant hubVariant, long device, long group,
                           long startEpochNanos) {
        int i = size;
        type[i] = DEVICE_START;
        messageId[i] = id;
        kind[i] = (byte) eventKind.ordinal();
        variant[i] = (byte) hubVariant.ordinal();
        deviceId[i] = device;
        groupId[i] = group;
        epochNanos[i] = startEpochNanos;
        return ++size == type.length;
    }

    /** @return whether the batch is now full */
    boolean addEnd(long id, long endEpochNanos, boolean succeeded) {
        int i = size;
        type[i] = END;
        messageId[i] = id;
        epochNanos[i] = endEpochNanos;
        success[i] = succeeded;
        return ++size == type.length;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code target} with each observation in order; stops at the first that throws (rethrown). */
    void replayInto(HanListener target) {
        for (int i = 0; i < size; i++) {
            switch (type[i]) {
                case START -> target.onStart(messageId[i], KINDS[kind[i]], VARIANTS[variant[i]], epochNanos[i]);
                case DEVICE_START -> target.onDeviceStart(messageId[i], KINDS[kind[i]], VARIANTS[variant[i]],
                        deviceId[i], groupId[i], epochNanos[i]);
                default -> target.onEnd(messageId[i], epochNanos[i], success[i]);
            }
        }
    }

    /** Empties the batch for reuse. */
    void clear() {
        size = 0;
    }
}
