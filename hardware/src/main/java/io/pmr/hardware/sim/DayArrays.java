package io.pmr.hardware.sim;

/**
 * The arrays one region's day of events is generated, sorted and held in, kept from one day to the next: without
 * them a rig allocates a day of arrays per region per day (at 30,000 hubs about 230 MB a day, 7 GB a month), each
 * live for a day, so promoted to the old generation and then compacted by a full collection that stops every thread.
 * Each array grows to the largest day seen (with an eighth more) and never shrinks.
 *
 * <p>A day built with them ({@link RegionEvents.Builder#build(long)}) is valid until the next day is generated with
 * the same {@code DayArrays}: its arrays are then overwritten.
 *
 * <p>Threading: one thread at a time (a day's regions are generated in parallel, each with its own).
 */
final class DayArrays {
    // The builder's, in generation order.
    long[] starts;
    long[] ends;
    short[] flags;
    int[] hubs;
    int[] groups;
    // The built day's, sorted by start.
    long[] sortedStarts;
    long[] positions;
    long[] sortedEnds;
    short[] sortedFlags;
    int[] sortedHubs;
    int[] sortedGroups;
    final PairSort.Scratch sort = new PairSort.Scratch();

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
