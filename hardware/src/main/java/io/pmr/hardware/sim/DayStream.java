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
 * The rig's events one UK day at a time: for each day, every region's events that start in it, sorted,
 * with message ids continuing from the day before. Exactly the events, order and ids of
 * {@link EventGenerator#generate} (the whole month in memory), without ever holding more than a day of
 * Poisson starts: each hub's Poisson stream keeps its state between days, and the few other events (edge
 * cases, and with the whole simulation per-device, service and availability events) are generated once and
 * handed out by the day of their start.
 *
 * <p>Days are bounded by London midnights; the first takes everything before the first midnight after the
 * simulation start, the last everything from the last midnight before the generation end.
 *
 * <p>A stream that keeps its arrays ({@link DayArrays}) builds each sorted day in the arrays of the day before (an
 * unsorted day in its builder's arrays, not copied): the days {@link #next} returns are then valid only until it is
 * called again. The rig's delivery and counting passes hold a day only that long, and keep them (at 30,000 hubs a
 * day's sorted events, about 26 MB, were otherwise promoted and compacted every day).
 *
 * <p>Threading: called from one thread; {@link #next} fans the regions out to the common fork-join pool and
 * returns once all are done (the pool's join makes their writes visible to the caller, and the next call's tasks
 * see what the previous ones left in each region's arrays).
 */
final class DayStream {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

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
    /** Per region, the arrays its days are generated in (used by that region's task only); null: fresh each day. */
    private final DayArrays[] kept;
    private int day;

    /**
     * @param sorted     whether each day's events are sorted and numbered (delivery), or left in generation
     *                   order with ids from 1 (counting)
     * @param keepArrays whether each day is generated in the arrays of the day before (a day is then valid until the
     *                   next call to {@link #next}), or in arrays of its own
     */
    DayStream(RigScenario scenario, RigProfile profile, RigWindow window, boolean sorted, boolean keepArrays) {
        this.sorted = sorted;
        this.boundaries = boundaries(window);
        EventGenerator generator = new EventGenerator(scenario, profile, window);
        Region[] regions = Region.values();
        classicKinds = Arrays.stream(EventKind.all()).filter(EventKind::classic).toArray(EventKind[]::new);
        poisson = new EventGenerator.PoissonStream[regions.length][classicKinds.length][];
        extras = new RegionEvents.Builder[regions.length];
        extrasByDay = new int[regions.length][][];
        nextMessageId = new long[regions.length];
        expectedSize = new int[regions.length];
        Arrays.fill(expectedSize, 1024);
        kept = keepArrays ? new DayArrays[regions.length] : null;
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
            if (keepArrays) {
                kept[region.ordinal()] = new DayArrays();
            }
        }
    }

    private static long[] boundaries(RigWindow window) {
        List<Long> midnights = new ArrayList<>();
        midnights.add(Long.MIN_VALUE);
        LocalDate date = Instant.ofEpochSecond(0, window.simulationStartEpochNanos()).atZone(LONDON).toLocalDate();
        while (true) {
            date = date.plusDays(1);
            long midnight = date.atStartOfDay(LONDON).toEpochSecond() * 1_000_000_000L;
            if (midnight >= window.generationEndEpochNanos()) {
                break;
            }
            midnights.add(midnight);
        }
        midnights.add(Long.MAX_VALUE);
        return midnights.stream().mapToLong(Long::longValue).toArray();
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
        RegionEvents.Builder events = new RegionEvents.Builder(region, expectedSize[r], kept == null ? null : kept[r]);
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
