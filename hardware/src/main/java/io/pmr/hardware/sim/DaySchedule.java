package io.pmr.hardware.sim;

import java.util.Arrays;

/**
 * One day's observations in delivery order: the starts of the day's events, and every end (of the day's
 * events or of earlier days') that falls before the day's end; ends after it are carried to a later day by
 * {@link Carry}. Order: by timestamp, ties by region, then message id, then start before end, the order the
 * whole month would have, since a day's observations all fall in the day.
 *
 * <p>Kept as primitive arrays: the timestamp, a key packing the region ordinal (bits 61-62), the message id
 * (bits 1-60) and whether it is the end (bit 0), and an end's success. Immutable once built.
 */
final class DaySchedule {
    private static final int REGION_SHIFT = 61;
    private static final long MESSAGE_MASK = (1L << 60) - 1;
    static final DaySchedule EMPTY = new DaySchedule(new long[0], new long[0], new boolean[0]);

    private final long[] timeEpochNanos;
    private final long[] keys;
    private final boolean[] success;

    private DaySchedule(long[] timeEpochNanos, long[] keys, boolean[] success) {
        this.timeEpochNanos = timeEpochNanos;
        this.keys = keys;
        this.success = success;
    }

    static long key(int regionOrdinal, long messageId, boolean end) {
        return ((long) regionOrdinal << REGION_SHIFT) | (messageId << 1) | (end ? 1 : 0);
    }

    /**
     * The schedule of a day of events (one {@link RegionEvents} per region, region order) up to
     * {@code dayEndEpochNanos}, taking the carried ends that fall before it and carrying the day's later ones.
     */
    static DaySchedule of(RegionEvents[] day, Carry carry, long dayEndEpochNanos) {
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
        long[] times = new long[count];
        long[] keys = new long[count];
        boolean[] success = new boolean[count];
        System.arraycopy(due.times, 0, times, 0, due.size);
        System.arraycopy(due.keys, 0, keys, 0, due.size);
        System.arraycopy(due.success, 0, success, 0, due.size);
        int next = due.size;
        for (RegionEvents events : day) {
            int region = events.region().ordinal();
            for (int i = 0; i < events.size(); i++) {
                times[next] = events.startEpochNanos(i);
                keys[next++] = key(region, events.messageId(i), false);
                if (events.lost(i)) {
                    continue;
                }
                long end = events.endEpochNanos(i);
                if (end < dayEndEpochNanos) {
                    times[next] = end;
                    success[next] = events.success(i);
                    keys[next++] = key(region, events.messageId(i), true);
                } else {
                    carry.add(end, key(region, events.messageId(i), true), events.success(i));
                }
            }
        }
        int[] order = IndexSort.sortedIndices(count, (a, b) -> {
            int byTime = Long.compare(times[a], times[b]);
            return byTime != 0 ? byTime : Long.compare(keys[a], keys[b]);
        });
        boolean[] sortedSuccess = new boolean[count];
        for (int i = 0; i < count; i++) {
            sortedSuccess[i] = success[order[i]];
        }
        return new DaySchedule(IndexSort.permute(times, order), IndexSort.permute(keys, order), sortedSuccess);
    }

    int size() {
        return keys.length;
    }

    long timeEpochNanos(int position) {
        return timeEpochNanos[position];
    }

    int regionOrdinal(int position) {
        return (int) (keys[position] >>> REGION_SHIFT);
    }

    long messageId(int position) {
        return (keys[position] >>> 1) & MESSAGE_MASK;
    }

    boolean isEnd(int position) {
        return (keys[position] & 1) != 0;
    }

    /** Whether an end reports success. */
    boolean success(int position) {
        return success[position];
    }

    /** Ends that fall after the day they were scheduled in, waiting for theirs. Single-threaded. */
    static final class Carry {
        private long[] times = new long[64];
        private long[] keys = new long[64];
        private boolean[] success = new boolean[64];
        private int size;

        void add(long timeEpochNanos, long key, boolean succeeded) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
                success = Arrays.copyOf(success, size * 2);
            }
            times[size] = timeEpochNanos;
            keys[size] = key;
            success[size++] = succeeded;
        }

        /** Removes and returns the carried ends before {@code epochNanos}. */
        Carry takeBefore(long epochNanos) {
            Carry due = new Carry();
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (times[i] < epochNanos) {
                    due.add(times[i], keys[i], success[i]);
                } else {
                    times[kept] = times[i];
                    keys[kept] = keys[i];
                    success[kept++] = success[i];
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
