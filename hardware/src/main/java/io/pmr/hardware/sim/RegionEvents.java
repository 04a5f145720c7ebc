package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.util.Arrays;

/**
 * Every event the rig generated in one region, in compact parallel arrays sorted by start time. The
 * event at index {@code i} carries message id {@code i + 1} on the region's port, so ids are unique per
 * port and increase with the start time.
 *
 * <p>Threading: immutable once built.
 */
final class RegionEvents {
    private static final int KIND_MASK = 0x7;
    private static final int SKU2 = 0x8;
    private static final int LOST = 0x10;
    private static final int FAILED = 0x20;
    /** Observation references keep the event index in 28 bits (see {@link ObservationSchedule}). */
    static final int MAX_EVENTS = 1 << 28;

    private final Region region;
    private final long[] startEpochNanos;
    /** End instant; 0 and meaningless when the event is lost. */
    private final long[] endEpochNanos;
    private final byte[] flags;

    private RegionEvents(Region region, long[] startEpochNanos, long[] endEpochNanos, byte[] flags) {
        this.region = region;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.flags = flags;
    }

    Region region() {
        return region;
    }

    int size() {
        return startEpochNanos.length;
    }

    long messageId(int index) {
        return index + 1L;
    }

    EventKind kind(int index) {
        return EventKind.all()[flags[index] & KIND_MASK];
    }

    HubVariant variant(int index) {
        return (flags[index] & SKU2) != 0 ? HubVariant.SKU2 : HubVariant.SKU1;
    }

    long startEpochNanos(int index) {
        return startEpochNanos[index];
    }

    boolean lost(int index) {
        return (flags[index] & LOST) != 0;
    }

    /** When the end is delivered. Only for events that are not {@link #lost}. */
    long endEpochNanos(int index) {
        return endEpochNanos[index];
    }

    /** Whether the end reports success. Only for events that are not {@link #lost}. */
    boolean success(int index) {
        return (flags[index] & FAILED) == 0;
    }

    /** Collects events in any order; {@link #build()} sorts them by start, ties in insertion order. */
    static final class Builder {
        private final Region region;
        private long[] starts = new long[1024];
        private long[] ends = new long[1024];
        private byte[] flags = new byte[1024];
        private int size;

        Builder(Region region) {
            this.region = region;
        }

        void addEnded(EventKind kind, HubVariant variant, long startEpochNanos, long endEpochNanos, boolean success) {
            if (endEpochNanos <= startEpochNanos) {
                throw new IllegalArgumentException("end " + endEpochNanos + " must be after start " + startEpochNanos);
            }
            add(kind, variant, startEpochNanos, endEpochNanos, success ? 0 : FAILED);
        }

        void addLost(EventKind kind, HubVariant variant, long startEpochNanos) {
            add(kind, variant, startEpochNanos, 0, LOST);
        }

        private void add(EventKind kind, HubVariant variant, long start, long end, int outcome) {
            if (size == starts.length) {
                if (size >= MAX_EVENTS) {
                    throw new IllegalStateException("more than " + MAX_EVENTS + " events in region " + region);
                }
                int capacity = (int) Math.min(MAX_EVENTS, size * 2L);
                starts = Arrays.copyOf(starts, capacity);
                ends = Arrays.copyOf(ends, capacity);
                flags = Arrays.copyOf(flags, capacity);
            }
            starts[size] = start;
            ends[size] = end;
            flags[size] = (byte) (kind.ordinal() | (variant == HubVariant.SKU2 ? SKU2 : 0) | outcome);
            size++;
        }

        RegionEvents build() {
            long[] unsortedStarts = Arrays.copyOf(starts, size);
            int[] order = IndexSort.sortedIndices(size, (a, b) -> Long.compare(unsortedStarts[a], unsortedStarts[b]));
            return new RegionEvents(region, IndexSort.permute(unsortedStarts, order),
                    IndexSort.permute(Arrays.copyOf(ends, size), order), IndexSort.permute(Arrays.copyOf(flags, size), order));
        }
    }
}
