package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.TrtRule;
import io.pmr.model.UkCalendar;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What really happened in a simulation, per measure and period: counted from the events the rig
 * generated, independently of what any listener observed (observations dropped for a port without
 * listener are still counted).
 *
 * <p>An event belongs to the month (Europe/London) of its start and to the measure
 * {@code kind.measureId(region)}; it is within TRT when it has an end, the end reports success, and
 * {@code end - start <= TRT} exactly, in nanoseconds. An {@link EventKind#smki() SMKI} event is counted by its kind's
 * {@link RigScenario#rule rule}: only when it starts inside the rule's hours, within when it ends by its deadline.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class GroundTruth {
    private static final int EVENTS = 0;
    private static final int WITHIN = 1;
    private static final int LOST = 2;
    private static final int FAILED = 3;
    private static final int LATE = 4;

    private final Map<YearMonth, List<TruthRow>> rowsByPeriod;
    private final Map<YearMonth, List<TruthRow>> attemptRowsByPeriod;
    private final DeviceTruth devices;
    private final AvailabilityTruth availability;
    private final SmwanLevelTruth smwanLevel;

    private GroundTruth(Map<YearMonth, List<TruthRow>> rowsByPeriod, Map<YearMonth, List<TruthRow>> attemptRowsByPeriod,
                        DeviceTruth devices, AvailabilityTruth availability, SmwanLevelTruth smwanLevel) {
        this.rowsByPeriod = rowsByPeriod;
        this.attemptRowsByPeriod = attemptRowsByPeriod;
        this.devices = devices;
        this.availability = availability;
        this.smwanLevel = smwanLevel;
    }

    /** Counts every event of every region; {@code periods} must cover every start. No maintenance windows. */
    static GroundTruth compute(List<RegionEvents> regions, Map<EventKind, Long> trtNanos, UkCalendar.Months periods) {
        return compute(regions, trtNanos, periods, Map.of());
    }

    /**
     * Counts every event of every region; {@code periods} must cover every start.
     *
     * @param maintenanceNanos per probed measure id, the scheduled maintenance windows {@code [start, end)}, epoch nanoseconds
     */
    static GroundTruth compute(List<RegionEvents> regions, Map<EventKind, Long> trtNanos, UkCalendar.Months periods,
                               Map<String, List<long[]>> maintenanceNanos) {
        Counter counter = new Counter(trtNanos, periods);
        regions.forEach(counter::add);
        return counter.truth(regions, maintenanceNanos);
    }

    /**
     * Counts events a part at a time (a day of a region, in any order within it), so that the truth of a month
     * never needs the month in memory. Single-threaded.
     */
    static final class Counter {
        private final Map<EventKind, Long> trtNanos;
        private final UkCalendar.Months periods;
        private final long[][][][] counts;

        Counter(Map<EventKind, Long> trtNanos, UkCalendar.Months periods) {
            this.trtNanos = trtNanos;
            this.periods = periods;
            this.counts = new long[Region.values().length][EventKind.every().length][periods.months()][5];
        }

        /** Counts every event of {@code events}; {@code periods} must cover every start. */
        void add(RegionEvents events) {
            long[][][] byKind = counts[events.region().ordinal()];
            for (int i = 0; i < events.size(); i++) {
                EventKind kind = events.kind(i);
                if (kind.availabilityProbe()) {
                    continue; // counted in seconds, by the probe rule: see availability()
                }
                long start = events.startEpochNanos(i);
                long trt = trtNanos.get(kind);
                if (kind.smki()) {
                    // The same rule as the agent's: a request outside the rule's hours does not count; the time
                    // allowed is its deadline - start (a wall-clock deadline differs per request).
                    TrtRule rule = RigScenario.rule(kind, trt);
                    if (!rule.counts(start)) {
                        continue;
                    }
                    trt = rule.trtNanos(start);
                }
                long[] count = byKind[kind.ordinal()][periods.indexOf(start)];
                count[EVENTS]++;
                count[outcome(events, i, start, trt)]++;
            }
        }

        /**
         * The truth of everything counted.
         *
         * @param perDeviceAndProbes per region, all its per-device and availability-probe events sorted by start
         *                           (other events may be there too: they are skipped)
         */
        GroundTruth truth(List<RegionEvents> perDeviceAndProbes, Map<String, List<long[]>> maintenanceNanos) {
            return GroundTruth.of(counts, perDeviceAndProbes, trtNanos, periods, maintenanceNanos);
        }
    }

    private static GroundTruth of(long[][][][] counts, List<RegionEvents> regions, Map<EventKind, Long> trtNanos,
                                  UkCalendar.Months periods, Map<String, List<long[]>> maintenanceNanos) {
        // measure id -> counts, per period; a measure that is not regional sums every region's events
        Map<YearMonth, Map<String, long[]>> sums = new TreeMap<>();
        Map<YearMonth, Map<String, long[]>> attemptSums = new TreeMap<>();
        for (Region region : Region.values()) {
            for (EventKind kind : EventKind.every()) {
                for (int month = 0; month < periods.months(); month++) {
                    long[] count = counts[region.ordinal()][kind.ordinal()][month];
                    if (count[EVENTS] == 0) {
                        continue;
                    }
                    YearMonth period = periods.first().plusMonths(month);
                    long[] sum = (kind.perDevice() ? attemptSums : sums).computeIfAbsent(period, p -> new TreeMap<>())
                            .computeIfAbsent(kind.measureId(region), id -> new long[5]);
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += count[i];
                    }
                }
            }
        }
        Map<YearMonth, List<TruthRow>> rows = toRows(sums);
        Map<YearMonth, List<TruthRow>> attemptRows = toRows(attemptSums);
        sortRows(rows);
        sortRows(attemptRows);
        AvailabilityTruth availability = trtNanos.containsKey(EventKind.AVAILABILITY_PROBE)
                ? AvailabilityTruth.compute(regions, trtNanos, maintenanceNanos) : AvailabilityTruth.EMPTY;
        return new GroundTruth(rows, attemptRows, DeviceTruth.compute(regions, trtNanos, periods), availability,
                SmwanLevelTruth.compute(regions, trtNanos, periods));
    }

    private static Map<YearMonth, List<TruthRow>> toRows(Map<YearMonth, Map<String, long[]>> sums) {
        Map<YearMonth, List<TruthRow>> rows = new TreeMap<>();
        sums.forEach((period, byMeasure) -> byMeasure.forEach((measureId, count) -> rows
                .computeIfAbsent(period, p -> new ArrayList<>()).add(new TruthRow(measureId, period, count[EVENTS],
                        count[WITHIN], count[LOST], count[FAILED], count[LATE]))));
        return rows;
    }

    private static void sortRows(Map<YearMonth, List<TruthRow>> rows) {
        rows.replaceAll((period, list) -> {
            list.sort(Comparator.comparing(TruthRow::measureId));
            return List.copyOf(list);
        });
    }

    private static int outcome(RegionEvents events, int index, long startEpochNanos, long trtNanos) {
        if (events.lost(index)) {
            return LOST;
        }
        long latencyNanos = events.endEpochNanos(index) - startEpochNanos;
        if (latencyNanos > trtNanos) {
            return LATE;
        }
        return events.success(index) ? WITHIN : FAILED;
    }

    /**
     * Rows of one period, sorted by measure id; only measures with at least one event in it, and only the
     * kinds whose figure is the share of events within TRT: the {@link EventKind#classic() classic} ones and,
     * with the whole simulation, the DSP service timings and the SMKI timings (one row per measure, every region's
     * events summed: those measures are not regional).
     */
    public List<TruthRow> rows(YearMonth period) {
        return rowsByPeriod.getOrDefault(period, List.of());
    }

    /** The row of a measure in a period, empty when the measure had no event in it. */
    public Optional<TruthRow> row(String measureId, YearMonth period) {
        return rows(period).stream().filter(row -> row.measureId().equals(measureId)).findFirst();
    }

    /**
     * Event-level rows (one per attempt or alert, as the agent's interval counts see them) of the per-device
     * kinds in one period, sorted by measure id; empty without the whole simulation. Their measures' figures
     * count hubs and outages instead: see {@link #devices()}.
     */
    public List<TruthRow> attemptRows(YearMonth period) {
        return attemptRowsByPeriod.getOrDefault(period, List.of());
    }

    /** The truth of the per-device measures (firmware payloads per hub, power outages); empty without the whole simulation. */
    public DeviceTruth devices() {
        return devices;
    }

    /**
     * The probed availability ({@code CSPx/PM6.2}, {@code DSP/PM2.x}, {@code CSPN/PM6.3}) of a period, one row per
     * probed measure, sorted by measure id: the probe rule
     * applied to the rig's own probe outcomes, with the scheduled maintenance windows; empty without the whole
     * simulation.
     */
    public List<AvailabilityRow> availability(YearMonth period) {
        return availability.rows(period);
    }

    /** Down windows and scheduled maintenance windows per probed measure (what a launcher imports as maintenance). */
    public AvailabilityTruth availability() {
        return availability;
    }

    /**
     * The SMWAN connectivity level of a period ({@code CSPN/PM1.4}, {@code CSPC/PM1.3}, {@code CSPS/PM1.3}), one row per
     * served region's measure, sorted by measure id: hub-days by pmr's rule ({@link io.pmr.model.SmwanLevelRule}),
     * counted from the rig's own daily checks; empty without the whole simulation.
     */
    public List<LevelRow> smwanLevel(YearMonth period) {
        return smwanLevel.rows(period);
    }

    /** The periods with at least one row in {@link #rows(YearMonth)}, in order. */
    public List<YearMonth> periods() {
        return List.copyOf(rowsByPeriod.keySet());
    }
}
