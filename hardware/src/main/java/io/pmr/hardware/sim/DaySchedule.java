package io.pmr.hardware.sim;

import java.util.Arrays;

/**
 * One day's observations in delivery order: the starts of the day's events, and every end (of the day's
 * events or of earlier days') that falls before the day's end; ends after it are carried to a later day by
 * {@link Carry}. Order: by timestamp, ties by region, then message id, then start before end, the order the
 * whole month would have, since a day's observations all fall in the day.
 *
 * <p>Kept as two primitive arrays: the timestamp, and a key packing the region ordinal (bits 61-62), the message
 * id (bits 2-60), whether it is the end (bit 1) and an end's success (bit 0). Sorting by (timestamp, key) is the
 * delivery order: the success bit never decides it, as no two observations share region, id and kind.
 * Immutable once built, except a schedule built in {@link Kept} arrays, which the next one built there overwrites.
 */
final class DaySchedule {
    private static final int REGION_SHIFT = 61;
    private static final long MESSAGE_MASK = (1L << 59) - 1;
    private static final long END_BIT = 2;
    private static final long SUCCESS_BIT = 1;
    static final DaySchedule EMPTY = new DaySchedule(new long[0], new long[0], 0);

    private final long[] timeEpochNanos;
    private final long[] keys;
    private final int size;

    private DaySchedule(long[] timeEpochNanos, long[] keys, int size) {
        this.timeEpochNanos = timeEpochNanos;
        this.keys = keys;
        this.size = size;
    }

    /** The key of an observation; {@code success} only for an end. */
    static long key(int regionOrdinal, long messageId, boolean end, boolean success) {
        if (messageId < 0 || messageId > MESSAGE_MASK) {
            throw new IllegalArgumentException("message id " + messageId + " out of the schedule's range");
        }
        return ((long) regionOrdinal << REGION_SHIFT) | (messageId << 2) | (end ? END_BIT : 0)
                | (end && success ? SUCCESS_BIT : 0);
    }

    /**
     * The schedule of a day of events (one {@link RegionEvents} per region, region order) up to
     * {@code dayEndEpochNanos}, taking the carried ends that fall before it and carrying the day's later ones.
     */
    static DaySchedule of(RegionEvents[] day, Carry carry, long dayEndEpochNanos) {
        return of(day, carry, dayEndEpochNanos, new Kept());
    }

    /**
     * As {@link #of(RegionEvents[], Carry, long)}, built in {@code kept}'s arrays (grown as needed): the schedule built
     * there before is overwritten.
     */
    static DaySchedule of(RegionEvents[] day, Carry carry, long dayEndEpochNanos, Kept kept) {
        Carry due = carry.takeBefore(dayEndEpochNanos);
        int count = due.size;
        for (RegionEvents events : day) {
            count += events.size();
            for (int i = 0; i < events.size(); i++) {
                if (!events.lost(i) && events.endEpochNanos(i) < dayEndEpochNanos) {
                    count++;
                }
            }
        }
        long[] times = DayArrays.atLeast(kept.times, count);
        long[] keys = DayArrays.atLeast(kept.keys, count);
        kept.times = times;
        kept.keys = keys;
        System.arraycopy(due.times, 0, times, 0, due.size);
        System.arraycopy(due.keys, 0, keys, 0, due.size);
        int next = due.size;
        for (RegionEvents events : day) {
            int region = events.region().ordinal();
            for (int i = 0; i < events.size(); i++) {
                times[next] = events.startEpochNanos(i);
                keys[next++] = key(region, events.messageId(i), false, false);
                if (events.lost(i)) {
                    continue;
                }
                long end = events.endEpochNanos(i);
                long endKey = key(region, events.messageId(i), true, events.success(i));
                if (end < dayEndEpochNanos) {
                    times[next] = end;
                    keys[next++] = endKey;
                } else {
                    carry.add(end, endKey);
                }
            }
        }
        PairSort.sort(times, keys, count);
        return new DaySchedule(times, keys, count);
    }

    int size() {
        return size;
    }

    long timeEpochNanos(int position) {
        return timeEpochNanos[position];
    }

    int regionOrdinal(int position) {
        return (int) (keys[position] >>> REGION_SHIFT);
    }

    long messageId(int position) {
        return (keys[position] >>> 2) & MESSAGE_MASK;
    }

    boolean isEnd(int position) {
        return (keys[position] & END_BIT) != 0;
    }

    /** Whether an end reports success. */
    boolean success(int position) {
        return (keys[position] & SUCCESS_BIT) != 0;
    }

    /**
     * The arrays a rig's schedules are built in, kept from one day to the next: they live all day (see
     * {@link DayArrays}: the same reason; the sort's scratch is not kept). Single-threaded.
     */
    static final class Kept {
        private long[] times;
        private long[] keys;
    }

    /** Ends that fall after the day they were scheduled in, waiting for theirs. Single-threaded. */
    static final class Carry {
        private long[] times = new long[64];
        private long[] keys = new long[64];
        private int size;

        /** {@code key} from {@link #key} (it holds the end's success). */
        void add(long timeEpochNanos, long key) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
            }
            times[size] = timeEpochNanos;
            keys[size++] = key;
        }

        /** Removes and returns the carried ends before {@code epochNanos}. */
        Carry takeBefore(long epochNanos) {
            Carry due = new Carry();
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (times[i] < epochNanos) {
                    due.add(times[i], keys[i]);
                } else {
                    times[kept] = times[i];
                    keys[kept++] = keys[i];
                }
            }
            size = kept;
            return due;
        }

        int size() {
            return size;
        }
    }
}
