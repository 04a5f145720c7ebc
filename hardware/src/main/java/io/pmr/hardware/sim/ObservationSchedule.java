package io.pmr.hardware.sim;

import java.util.List;

/**
 * Every observation of every port (each event's start, and its end unless lost) in delivery order:
 * by timestamp, ties by region, then message id, then start before end. An end is always strictly
 * after its start, so a start is always delivered before its end.
 *
 * <p>Kept as two parallel primitive arrays: the timestamp and a reference packing the region ordinal
 * (bits 29-30), the event index in that region's {@link RegionEvents} (bits 1-28) and whether it is the
 * end (bit 0). Immutable.
 */
final class ObservationSchedule {
    private static final int REGION_SHIFT = 29;
    private static final int INDEX_MASK = (1 << 28) - 1;

    private final long[] timeEpochNanos;
    private final int[] refs;

    private ObservationSchedule(long[] timeEpochNanos, int[] refs) {
        this.timeEpochNanos = timeEpochNanos;
        this.refs = refs;
    }

    static ObservationSchedule of(List<RegionEvents> regions) {
        long count = 0;
        for (RegionEvents events : regions) {
            for (int i = 0; i < events.size(); i++) {
                count += events.lost(i) ? 1 : 2;
            }
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many observations to schedule: " + count);
        }
        long[] times = new long[(int) count];
        int[] refs = new int[(int) count];
        int next = 0;
        for (RegionEvents events : regions) {
            int regionBits = events.region().ordinal() << REGION_SHIFT;
            for (int i = 0; i < events.size(); i++) {
                times[next] = events.startEpochNanos(i);
                refs[next++] = regionBits | (i << 1);
                if (!events.lost(i)) {
                    times[next] = events.endEpochNanos(i);
                    refs[next++] = regionBits | (i << 1) | 1;
                }
            }
        }
        int[] order = IndexSort.sortedIndices(times.length, (a, b) -> {
            int byTime = Long.compare(times[a], times[b]);
            return byTime != 0 ? byTime : Integer.compare(refs[a], refs[b]);
        });
        return new ObservationSchedule(IndexSort.permute(times, order), IndexSort.permute(refs, order));
    }

    int size() {
        return refs.length;
    }

    long timeEpochNanos(int position) {
        return timeEpochNanos[position];
    }

    int regionOrdinal(int position) {
        return refs[position] >>> REGION_SHIFT;
    }

    int eventIndex(int position) {
        return (refs[position] >>> 1) & INDEX_MASK;
    }

    boolean isEnd(int position) {
        return (refs[position] & 1) != 0;
    }

    /** The timestamp of the last observation, or {@code Long.MIN_VALUE} when there is none. */
    long lastTimeEpochNanos() {
        return timeEpochNanos.length == 0 ? Long.MIN_VALUE : timeEpochNanos[timeEpochNanos.length - 1];
    }
}
