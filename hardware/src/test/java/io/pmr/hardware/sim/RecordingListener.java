package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.util.Arrays;

/**
 * Records every observation of one rig, across ports, in delivery order, as primitive arrays, and
 * checks the ordering contract as it goes.
 */
final class RecordingListener {
    private final SimulatedRig rig;
    private long[] values = new long[1 << 16];
    private int size;
    private long lastTimestamp = Long.MIN_VALUE;
    long orderViolations;
    long clockViolations;
    long endsWithoutStart;
    private final java.util.Set<Long>[] started;

    @SuppressWarnings("unchecked")
    RecordingListener(SimulatedRig rig) {
        this.rig = rig;
        this.started = new java.util.Set[Region.values().length];
        for (Region region : Region.values()) {
            started[region.ordinal()] = new java.util.HashSet<>();
            rig.port(region).attach(port(region));
        }
    }

    private HanListener port(Region region) {
        return new HanListener() {
            @Override
            public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                check(startEpochNanos);
                started[region.ordinal()].add(messageId);
                add(startEpochNanos, messageId, region.ordinal() * 100 + kind.ordinal() * 10 + variant.ordinal());
            }

            @Override
            public void onEnd(long messageId, long endEpochNanos, boolean success) {
                check(endEpochNanos);
                if (!started[region.ordinal()].contains(messageId)) {
                    endsWithoutStart++;
                }
                add(endEpochNanos, messageId, 1000 + region.ordinal() * 100 + (success ? 1 : 0));
            }
        };
    }

    private void check(long timestamp) {
        if (timestamp < lastTimestamp) {
            orderViolations++;
        }
        if (timestamp > rig.clock().epochNanos()) {
            clockViolations++;
        }
        lastTimestamp = timestamp;
    }

    private void add(long timestamp, long messageId, long code) {
        if (size + 3 > values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = timestamp;
        values[size++] = messageId;
        values[size++] = code;
    }

    int observations() {
        return size / 3;
    }

    long[] stream() {
        return Arrays.copyOf(values, size);
    }
}
