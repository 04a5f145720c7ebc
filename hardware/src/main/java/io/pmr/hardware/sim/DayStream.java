package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rig's events one UK day, or one slice of a day, at a time: for each, every region's events that start in it,
 * sorted, with message ids continuing from the one before. Exactly the events, order and ids of
 * {@link EventGenerator#generate} (the whole month in memory), without ever holding more than a day of
 * Poisson starts: each hub's Poisson stream keeps its state between days, and the few other events (edge
 * cases, and with the whole simulation per-device, service and availability events) are generated once and
 * handed out by the day of their start. Where the days are cut does not change the result: ties in start (the only
 * place the generation order shows) fall in one day, and within a day the events are added in the month's order.
 *
 * <p>Days are bounded by London midnights; the first takes everything before the first midnight after the
 * simulation start, the last everything from the last midnight before the generation end. A stream built with a
 * slice shorter than a day cuts each day but the last (the hour after the period) further, every {@code sliceNanos}
 * from the day's start (from the simulation start for the first): below, a "day" is such a slice. Smaller slices
 * keep the arrays small enough to die young or to be held twice (the rig prepares the next while one is delivered).
 *
 * <p>A stream that keeps its arrays ({@link DayArrays}) builds each sorted day in the arrays of an earlier day (an
 * unsorted day in its builder's arrays, not copied), cycling through {@code keptSets} sets: the days {@link #next}
 * returns are then valid until it has been called {@code keptSets} more times. The rig's delivery and counting
 * passes hold a day only that long, and keep them (at 30,000 hubs a whole day's sorted events, about 26 MB, were
 * otherwise promoted and compacted every day).
 *
 * <p>Threading: called from one thread at a time (the calls ordered by the caller); {@link #next} fans the regions
 * out to the common fork-join pool and returns once all are done (the pool's join makes their writes visible to the
 * caller, and the next call's tasks see what the previous ones left in each region's arrays). {@link #days()},
 * {@link #dayStartEpochNanos(int)} and {@link #lastDayStartEpochNanos()} read only immutable state and may be called
 * from any thread.
 */
final class DayStream {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** A slice of a whole day or more: days are not cut. */
    static final long WHOLE_DAYS = Long.MAX_VALUE;

    private final boolean sorted;
    /** Day d is {@code [boundaries[d], boundaries[d + 1])}. */
    private final long[] boundaries;
    /** Per region and classic kind (in {@link EventKind#all()} order), each hub's Poisson stream. */
    private final EventGenerator.PoissonStream[][][] poisson;
    private final EventKind[] classicKinds;
    private final RegionEvents.Builder[] extras;
    /** Per region and day, the indices of that day's extras, in insertion order. */
    private final int[][][] extrasByDay;
    private final long[] nextMessageId;
    /** Per region, the capacity to give the next day's builder (written by that region's task only). */
    private final int[] expectedSize;
    /**
     * Per set and region, the arrays days are generated in (day d in set {@code d % sets}; each region's used by that
     * region's task only); null: fresh each day.
     */
    private final DayArrays[][] kept;
    private int day;

    /**
     * @param sorted     whether each day's events are sorted and numbered (delivery), or left in generation
     *                   order with ids from 1 (counting)
     * @param keepArrays whether each day is generated in the arrays of the day before (a day is then valid until the
     *                   next call to {@link #next}), or in arrays of its own
     */
    DayStream(RigScenario scenario, RigProfile profile, RigWindow window, boolean sorted, boolean keepArrays) {
        this(scenario, profile, window, sorted, keepArrays ? 1 : 0, WHOLE_DAYS);
    }

    /**
     * @param sorted     whether each day's events are sorted and numbered (delivery), or left in generation
     *                   order with ids from 1 (counting)
     * @param keptSets   0: each day in arrays of its own; n &gt; 0: each day in the arrays of the day n before (a day is
     *                   then valid until {@link #next} has been called n more times)
     * @param sliceNanos the longest slice a day but the last is cut into ({@link #WHOLE_DAYS}: not cut); positive
     */
    DayStream(RigScenario scenario, RigProfile profile, RigWindow window, boolean sorted, int keptSets, long sliceNanos) {
        if (keptSets < 0) {
            throw new IllegalArgumentException("keptSets must be 0 or more, got " + keptSets);
        }
        if (sliceNanos <= 0) {
            throw new IllegalArgumentException("sliceNanos must be positive, got " + sliceNanos);
        }
        this.sorted = sorted;
        this.boundaries = boundaries(window, sliceNanos);
        EventGenerator generator = new EventGenerator(scenario, profile, window);
        Region[] regions = Region.values();
        classicKinds = Arrays.stream(EventKind.all()).filter(EventKind::classic).toArray(EventKind[]::new);
        poisson = new EventGenerator.PoissonStream[regions.length][classicKinds.length][];
        extras = new RegionEvents.Builder[regions.length];
        extrasByDay = new int[regions.length][][];
        nextMessageId = new long[regions.length];
        expectedSize = new int[regions.length];
        Arrays.fill(expectedSize, 1024);
        kept = keptSets == 0 ? null : new DayArrays[keptSets][regions.length];
        for (Region region : regions) {
            HubVariant[] variants = generator.variants(region);
            for (int k = 0; k < classicKinds.length; k++) {
                EventGenerator.PoissonStream[] streams = new EventGenerator.PoissonStream[variants.length];
                for (int hub = 0; hub < variants.length; hub++) {
                    streams[hub] = generator.new PoissonStream(region, hub, variants[hub], classicKinds[k]);
                }
                poisson[region.ordinal()][k] = streams;
            }
            RegionEvents.Builder regionExtras = generator.extras(region, variants);
            regionExtras.trim(); // kept for the whole run: up to half of each array is doubling room otherwise
            extras[region.ordinal()] = regionExtras;
            extrasByDay[region.ordinal()] = byDay(regionExtras);
            nextMessageId[region.ordinal()] = 1;
            if (kept != null) {
                for (DayArrays[] set : kept) {
                    set[region.ordinal()] = new DayArrays();
                }
            }
        }
    }

    private static long[] boundaries(RigWindow window, long sliceNanos) {
        List<Long> midnights = new ArrayList<>();
        LocalDate date = Instant.ofEpochSecond(0, window.simulationStartEpochNanos()).atZone(LONDON).toLocalDate();
        while (true) {
            date = date.plusDays(1);
            long midnight = date.atStartOfDay(LONDON).toEpochSecond() * 1_000_000_000L;
            if (midnight >= window.generationEndEpochNanos()) {
                break;
            }
            midnights.add(midnight);
        }
        List<Long> out = new ArrayList<>();
        out.add(Long.MIN_VALUE);
        long dayStart = window.simulationStartEpochNanos(); // the first day's cuts count from here
        for (long midnight : midnights) {
            // Each day before the last is cut every sliceNanos from its start; the cuts stay strictly inside it.
            for (long cut = dayStart; midnight - cut > sliceNanos; ) {
                cut += sliceNanos;
                if (cut > out.get(out.size() - 1)) {
                    out.add(cut);
                }
            }
            out.add(midnight);
            dayStart = midnight;
        }
        out.add(Long.MAX_VALUE);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private int[][] byDay(RegionEvents.Builder events) {
        int days = days();
        int[] counts = new int[days];
        int[] dayOf = new int[events.size()];
        for (int i = 0; i < events.size(); i++) {
            dayOf[i] = dayOf(events.startEpochNanos(i));
            counts[dayOf[i]]++;
        }
        int[][] lists = new int[days][];
        for (int d = 0; d < days; d++) {
            lists[d] = new int[counts[d]];
        }
        int[] filled = new int[days];
        for (int i = 0; i < dayOf.length; i++) {
            lists[dayOf[i]][filled[dayOf[i]]++] = i;
        }
        return lists;
    }

    private int dayOf(long epochNanos) {
        int found = Arrays.binarySearch(boundaries, epochNanos);
        return found >= 0 ? Math.min(found, days() - 1) : -found - 2;
    }

    int days() {
        return boundaries.length - 1;
    }

    boolean hasNext() {
        return day < days();
    }

    /** First instant of the last day (the last London midnight before the generation end). */
    long lastDayStartEpochNanos() {
        return boundaries[days() - 1];
    }

    /** First instant of the next day ({@code Long.MIN_VALUE} for the first). */
    long nextDayStartEpochNanos() {
        return boundaries[day];
    }

    /** The index of the day {@link #next} returns next ({@link #days()} after the last). */
    int nextDayIndex() {
        return day;
    }

    /** First instant of day {@code d} ({@code Long.MIN_VALUE} for the first); {@code days()} gives {@code Long.MAX_VALUE}. */
    long dayStartEpochNanos(int d) {
        return boundaries[d];
    }

    /**
     * The next day's events, one per region in region order (when the stream keeps its arrays, valid until the next
     * call: see the class comment). The regions are generated (and sorted) in parallel on
     * the common fork-join pool: each region draws only from its own hubs' streams and reads its own extras, so
     * the result is the same whatever the interleaving; the message ids are assigned afterwards, in region order.
     */
    RegionEvents[] next() {
        if (!hasNext()) {
            throw new IllegalStateException("no day after the last");
        }
        long dayEnd = boundaries[day + 1];
        int today = day;
        Region[] regions = Region.values();
        RegionEvents[] out = new RegionEvents[regions.length];
        IntStream.range(0, regions.length).parallel().forEach(r -> out[r] = generate(regions[r], today, dayEnd));
        if (sorted) {
            for (int r = 0; r < regions.length; r++) {
                out[r] = out[r].withFirstMessageId(nextMessageId[r]);
                nextMessageId[r] += out[r].size();
            }
        }
        day++;
        return out;
    }

    /** One region's events of a day: sorted with ids from 1 (delivery), or in generation order (counting). */
    private RegionEvents generate(Region region, int today, long dayEnd) {
        int r = region.ordinal();
        RegionEvents.Builder events = new RegionEvents.Builder(region, expectedSize[r],
                kept == null ? null : kept[today % kept.length][r]);
        int[] todaysExtras = extrasByDay[r][today];
        // In EventGenerator.generate's order (ties in start keep it): per classic kind its hubs' starts, then
        // its edge cases; then the rest.
        for (int k = 0; k < classicKinds.length; k++) {
            for (EventGenerator.PoissonStream stream : poisson[r][k]) {
                stream.addUntil(events, dayEnd);
            }
            addExtras(events, r, todaysExtras, classicKinds[k]);
        }
        addExtras(events, r, todaysExtras, null);
        // The next day holds about as many: size its arrays once instead of doubling them up from small.
        expectedSize[r] = events.size() + events.size() / 8;
        return sorted ? events.build(1) : events.buildUnsorted();
    }

    /** Adds today's extras of a classic kind (its edge cases), or with {@code kind} null those of no classic kind. */
    private void addExtras(RegionEvents.Builder events, int region, int[] todaysExtras, EventKind kind) {
        RegionEvents.Builder source = extras[region];
        for (int index : todaysExtras) {
            EventKind extraKind = source.kind(index);
            if (kind == null ? !extraKind.classic() : extraKind == kind) {
                events.addFrom(source, index);
            }
        }
    }

    /** Every region's extras sorted by start: all the per-device and probe events, for their ground truth. */
    List<RegionEvents> extrasSorted() {
        List<RegionEvents> out = new ArrayList<>();
        for (RegionEvents.Builder builder : extras) {
            out.add(builder.build());
        }
        return out;
    }
}
