package io.pmr.hardware.sim;

/**
 * The arrays a region's day of events is held in while it is delivered, kept from one day to the next. A day's events
 * live for the whole day, so a fresh set each day (at 30,000 hubs about 26 MB, and the day's schedule 32 MB more: see
 * {@link DaySchedule.Kept}) survives young collections, is promoted, and dies in the old generation a day later, where
 * only a full collection, which stops every thread, reclaims it. Kept, they are promoted once. Only the arrays that
 * live all day are kept: the builder's arrays and the sort's scratch live for a fraction of a second and mostly die
 * young; keeping them too would add about 100 MB to the old generation for good and leave the collector less room
 * (more full collections, not fewer: measured). Each array grows to the largest day seen (with an eighth more) and
 * never shrinks.
 *
 * <p>A day built in them ({@link RegionEvents.Builder#build(long)}) is valid until the next day is built in the same
 * {@code DayArrays}: its arrays are then overwritten. The rig cuts its days into 3-hour slices and keeps two sets, one
 * for the slice delivered and one for the slice being prepared ({@link SimulatedRig}), so at 30,000 hubs each holds
 * about an eighth of the figures above.
 *
 * <p>Threading: one thread at a time (a day's regions are generated in parallel, each with its own).
 */
final class DayArrays {
    long[] sortedStarts;
    long[] sortedEnds;
    short[] sortedFlags;
    int[] sortedHubs;
    int[] sortedGroups;

    /** Arrays of exactly {@code length} elements, for a day built once (not kept: no room to grow into). */
    static DayArrays exact(int length, boolean perDevice) {
        DayArrays arrays = new DayArrays();
        arrays.sortedStarts = new long[length];
        arrays.sortedEnds = new long[length];
        arrays.sortedFlags = new short[length];
        if (perDevice) {
            arrays.sortedHubs = new int[length];
            arrays.sortedGroups = new int[length];
        }
        return arrays;
    }

    /** The length to allocate for {@code length} elements: an eighth more, so a slightly larger day does not grow it. */
    static int roomy(int length) {
        return (int) Math.min(RegionEvents.MAX_EVENTS, length + (long) length / 8);
    }

    static long[] atLeast(long[] kept, int length) {
        return kept != null && kept.length >= length ? kept : new long[roomy(length)];
    }

    static int[] atLeast(int[] kept, int length) {
        return kept != null && kept.length >= length ? kept : new int[roomy(length)];
    }

    static short[] atLeast(short[] kept, int length) {
        return kept != null && kept.length >= length ? kept : new short[roomy(length)];
    }
}
