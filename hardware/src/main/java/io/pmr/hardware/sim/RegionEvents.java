package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.util.Arrays;

/**
 * Events the rig generated in one region (all of them, or one day's: see {@link DayStream}), in compact
 * parallel arrays sorted by start time. The event at index {@code i} carries message id
 * {@code firstMessageId + i} on the region's port, so ids are unique per port and increase with the start
 * time across a stream's days.
 *
 * <p>Threading: immutable once built, except a day built with {@link DayArrays}, whose arrays the next day
 * overwrites (the arrays may then be longer than {@link #size()}).
 */
final class RegionEvents {
    /** Low byte of an event's flags: its kind's ordinal (up to 256 kinds). */
    private static final int KIND_MASK = 0xFF;
    private static final int SKU2 = 0x100;
    private static final int LOST = 0x200;
    private static final int FAILED = 0x400;
    /** At most this many events in one {@code RegionEvents} (the whole month of a region, for tests). */
    static final int MAX_EVENTS = 1 << 28;

    static {
        if (EventKind.every().length > KIND_MASK + 1) {
            throw new IllegalStateException("the flags hold " + (KIND_MASK + 1) + " kinds, not " + EventKind.every().length);
        }
    }

    private final Region region;
    private final long firstMessageId;
    private final int size;
    private final long[] startEpochNanos;
    /** End instant; 0 and meaningless when the event is lost. */
    private final long[] endEpochNanos;
    private final short[] flags;
    /** Per event, the hub of a per-device event (-1 for others); null when no event is per-device. */
    private final int[] hubs;
    /** Per event, the region-local group number of a per-device event (0 for none); null like {@link #hubs}. */
    private final int[] groups;

    private RegionEvents(Region region, long firstMessageId, int size, long[] startEpochNanos, long[] endEpochNanos,
                         short[] flags, int[] hubs, int[] groups) {
        this.region = region;
        this.firstMessageId = firstMessageId;
        this.size = size;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.flags = flags;
        this.hubs = hubs;
        this.groups = groups;
    }

    /** The device id of a region's hub: region ordinal + 1 in the high 32 bits, so ids never collide across regions. */
    static long deviceId(Region region, int hub) {
        return ((long) (region.ordinal() + 1) << 32) | hub;
    }

    /** The group id of a region's group number (&gt; 0), unique across regions like {@link #deviceId}. */
    static long groupId(Region region, int group) {
        return ((long) (region.ordinal() + 1) << 32) | group;
    }

    /** The same events with ids from {@code first} (the arrays are shared: both are immutable). */
    RegionEvents withFirstMessageId(long first) {
        return first == firstMessageId ? this
                : new RegionEvents(region, first, size, startEpochNanos, endEpochNanos, flags, hubs, groups);
    }

    /** The hub of a per-device event, -1 for others. */
    int hub(int index) {
        return hubs == null ? -1 : hubs[index];
    }

    /** The device id of a per-device event ({@link #deviceId}), 0 for others. */
    long deviceId(int index) {
        int hub = hub(index);
        return hub < 0 ? 0 : deviceId(region, hub);
    }

    /** The group id of a per-device event ({@link #groupId}), 0 when none. */
    long groupId(int index) {
        int group = groups == null ? 0 : groups[index];
        return group == 0 ? 0 : groupId(region, group);
    }

    Region region() {
        return region;
    }

    int size() {
        return size;
    }

    long messageId(int index) {
        return firstMessageId + index;
    }

    long firstMessageId() {
        return firstMessageId;
    }

    EventKind kind(int index) {
        return EventKind.every()[flags[index] & KIND_MASK];
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

    /**
     * Collects events in any order; {@link #build()} sorts them by start, ties in insertion order. With
     * {@link DayArrays} it builds the sorted day in the arrays kept from the day before.
     */
    static final class Builder {
        private final Region region;
        /** Where the sorted day is built; null: in arrays of its own. */
        private final DayArrays kept;
        private long[] starts;
        private long[] ends;
        private short[] flags;
        private int[] hubs;
        private int[] groups;
        private int size;

        Builder(Region region) {
            this(region, 1024);
        }

        /** A builder with room for {@code capacity} events before its arrays grow. */
        Builder(Region region, int capacity) {
            this(region, capacity, null);
        }

        /**
         * A builder whose {@link #build(long)} builds the sorted day in {@code kept}'s arrays (grown as needed): the
         * day before's events built in the same {@code kept} are overwritten. {@code kept} null: arrays of its own.
         */
        Builder(Region region, int capacity, DayArrays kept) {
            this.region = region;
            this.kept = kept;
            int initial = Math.max(16, Math.min(MAX_EVENTS, capacity));
            starts = new long[initial];
            ends = new long[initial];
            flags = new short[initial];
        }

        /** A per-device event (hub &gt;= 0, group &gt; 0 or 0 for none) with an end. */
        void addDeviceEnded(EventKind kind, HubVariant variant, int hub, int group, long startEpochNanos,
                            long endEpochNanos, boolean success) {
            addEnded(kind, variant, startEpochNanos, endEpochNanos, success);
            setDevice(hub, group);
        }

        /** A per-device event that never ends. */
        void addDeviceLost(EventKind kind, HubVariant variant, int hub, int group, long startEpochNanos) {
            addLost(kind, variant, startEpochNanos);
            setDevice(hub, group);
        }

        private void setDevice(int hub, int group) {
            if (hubs == null) {
                hubs = new int[starts.length];
                groups = new int[starts.length];
                Arrays.fill(hubs, 0, size - 1, -1);
            } else if (hubs.length < starts.length) {
                int old = hubs.length;
                hubs = Arrays.copyOf(hubs, starts.length);
                groups = Arrays.copyOf(groups, starts.length);
                Arrays.fill(hubs, old, hubs.length, -1);
            }
            hubs[size - 1] = hub;
            groups[size - 1] = group;
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
            if (hubs != null && hubs.length < starts.length) {
                int old = hubs.length;
                hubs = Arrays.copyOf(hubs, starts.length);
                groups = Arrays.copyOf(groups, starts.length);
                Arrays.fill(hubs, old, hubs.length, -1);
            }
            if (hubs != null) {
                hubs[size] = -1;
                groups[size] = 0;
            }
            starts[size] = start;
            ends[size] = end;
            flags[size] = (short) (kind.ordinal() | (variant == HubVariant.SKU2 ? SKU2 : 0) | outcome);
            size++;
        }

        int size() {
            return size;
        }

        /**
         * Lets go of the room beyond {@link #size()} (up to half of each array, as they grow by doubling): for a
         * builder kept for a whole run once filled (the rig's per-device and probe events), so the room does not
         * take heap from the collector for the whole run. Adding afterwards grows the arrays again.
         */
        void trim() {
            int length = Math.max(1, size);
            if (starts.length > length) {
                starts = Arrays.copyOf(starts, length);
                ends = Arrays.copyOf(ends, length);
                flags = Arrays.copyOf(flags, length);
            }
            if (hubs != null && hubs.length > length) {
                hubs = Arrays.copyOf(hubs, length);
                groups = Arrays.copyOf(groups, length);
            }
        }

        long startEpochNanos(int index) {
            return starts[index];
        }

        EventKind kind(int index) {
            return EventKind.every()[flags[index] & KIND_MASK];
        }

        /** Adds a copy of another builder's event (its hub and group too). */
        void addFrom(Builder other, int index) {
            add(other.kind(index), (other.flags[index] & SKU2) != 0 ? HubVariant.SKU2 : HubVariant.SKU1,
                    other.starts[index], other.ends[index], other.flags[index] & (LOST | FAILED));
            if (other.hubs != null && other.hubs[index] >= 0) {
                setDevice(other.hubs[index], other.groups[index]);
            }
        }

        /**
         * The events in insertion order (for counting, where order does not matter); ids from 1. With
         * {@link DayArrays}, in the builder's own arrays, not copied: the builder must not be added to afterwards.
         */
        RegionEvents buildUnsorted() {
            if (kept != null) {
                return new RegionEvents(region, 1, size, starts, ends, flags, hubs, groups);
            }
            return new RegionEvents(region, 1, size, Arrays.copyOf(starts, size), Arrays.copyOf(ends, size),
                    Arrays.copyOf(flags, size), hubs == null ? null : Arrays.copyOf(hubs, size),
                    groups == null ? null : Arrays.copyOf(groups, size));
        }


        RegionEvents build() {
            return build(1);
        }

        /**
         * The events sorted by start, ties in insertion order, the first carrying {@code firstMessageId}. With
         * {@link DayArrays}, built in its arrays (the previous day built there is overwritten); else in arrays of the
         * day's size. The sort's scratch dies young either way.
         */
        RegionEvents build(long firstMessageId) {
            DayArrays kept = this.kept != null ? this.kept : DayArrays.exact(size, hubs != null);
            long[] sortedStarts = DayArrays.atLeast(kept.sortedStarts, size);
            long[] positions = new long[size];
            System.arraycopy(starts, 0, sortedStarts, 0, size);
            for (int i = 0; i < size; i++) {
                positions[i] = i;
            }
            PairSort.sort(sortedStarts, positions, size);
            long[] sortedEnds = DayArrays.atLeast(kept.sortedEnds, size);
            short[] sortedFlags = DayArrays.atLeast(kept.sortedFlags, size);
            for (int i = 0; i < size; i++) {
                int from = (int) positions[i];
                sortedEnds[i] = ends[from];
                sortedFlags[i] = flags[from];
            }
            int[] sortedHubs = null;
            int[] sortedGroups = null;
            if (hubs != null) {
                sortedHubs = DayArrays.atLeast(kept.sortedHubs, size);
                sortedGroups = DayArrays.atLeast(kept.sortedGroups, size);
                for (int i = 0; i < size; i++) {
                    int from = (int) positions[i];
                    sortedHubs[i] = hubs[from];
                    sortedGroups[i] = groups[from];
                }
                kept.sortedHubs = sortedHubs;
                kept.sortedGroups = sortedGroups;
            }
            kept.sortedStarts = sortedStarts;
            kept.sortedEnds = sortedEnds;
            kept.sortedFlags = sortedFlags;
            return new RegionEvents(region, firstMessageId, size, sortedStarts, sortedEnds, sortedFlags, sortedHubs,
                    sortedGroups);
        }
    }
}
