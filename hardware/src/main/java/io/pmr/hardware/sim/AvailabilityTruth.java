package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * The truth of the probed availability measures ({@code CSPx/PM6.2}, {@code DSP/PM2.1} to {@code PM2.5} and
 * {@code PM2.7}, {@code CSPN/PM6.3}): per measure, the down windows the probe rule gives over the rig's own probe
 * outcomes (independently of any agent), and the scheduled maintenance windows.
 *
 * <p>The probe rule: a probe is up when answered successfully within the probe timeout (latency &lt;= TRT, exactly),
 * down otherwise (an error, a late answer, or none). Taking probes in start order, a window opens at the start of
 * the first down probe after an up one (or at the first probe, when it is down) and closes at the start of the next
 * up probe. A window still open after the last probe is not reported (the generator ends every outage well before).
 *
 * <p>Threading: immutable.
 */
public final class AvailabilityTruth {
    static final AvailabilityTruth EMPTY = new AvailabilityTruth(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** By measure id (e.g. {@code CSPN/PM6.2}, {@code DSP/PM2.1}): its down windows, in start order. */
    private final Map<String, List<TimeWindow>> downWindows;
    /** By measure id: its scheduled maintenance windows, in start order. */
    private final Map<String, List<TimeWindow>> maintenanceWindows;
    /** By measure id: the region whose port probes it. */
    private final Map<String, Region> probedFrom;

    private AvailabilityTruth(Map<String, List<TimeWindow>> downWindows, Map<String, List<TimeWindow>> maintenanceWindows,
                              Map<String, Region> probedFrom) {
        this.downWindows = downWindows;
        this.maintenanceWindows = maintenanceWindows;
        this.probedFrom = probedFrom;
    }

    /**
     * @param trtNanos         the probe timeout of each probe kind generated
     * @param maintenanceNanos per probed measure id, the maintenance windows {@code [start, end)} in epoch nanoseconds
     */
    static AvailabilityTruth compute(List<RegionEvents> regions, Map<EventKind, Long> trtNanos,
                                     Map<String, List<long[]>> maintenanceNanos) {
        Map<String, List<TimeWindow>> down = new TreeMap<>();
        Map<String, Region> from = new TreeMap<>();
        for (RegionEvents events : regions) {
            for (EventKind kind : EventKind.every()) {
                Long probeTrtNanos = trtNanos.get(kind);
                if (!kind.availabilityProbe() || probeTrtNanos == null || !kind.measuredIn(events.region())) {
                    continue;
                }
                List<TimeWindow> windows = probeRule(events, kind, probeTrtNanos);
                if (windows != null) {
                    down.put(kind.measureId(events.region()), windows);
                    from.put(kind.measureId(events.region()), events.region());
                }
            }
        }
        Map<String, List<TimeWindow>> maintenance = new TreeMap<>();
        maintenanceNanos.forEach((measureId, list) -> {
            List<TimeWindow> windows = new ArrayList<>();
            for (long[] window : list) {
                windows.add(new TimeWindow(Math.floorDiv(window[0], 1_000_000L), Math.floorDiv(window[1], 1_000_000L)));
            }
            windows.sort(Comparator.comparingLong(TimeWindow::startEpochMillis));
            maintenance.put(measureId, List.copyOf(windows));
        });
        return new AvailabilityTruth(down, maintenance, from);
    }

    /** The down windows the probe rule gives over one kind's probes of a region; null when it has none. */
    private static List<TimeWindow> probeRule(RegionEvents events, EventKind kind, long probeTrtNanos) {
        List<TimeWindow> windows = new ArrayList<>();
        boolean seen = false;
        boolean open = false;
        long openStart = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.kind(i) != kind) {
                continue;
            }
            long start = events.startEpochNanos(i);
            boolean up = !events.lost(i) && events.success(i) && events.endEpochNanos(i) - start <= probeTrtNanos;
            if (!up && !open) {
                open = true;
                openStart = start;
            } else if (up && open) {
                open = false;
                windows.add(new TimeWindow(Math.floorDiv(openStart, 1_000_000L), Math.floorDiv(start, 1_000_000L)));
            }
            seen = true;
        }
        return seen ? List.copyOf(windows) : null;
    }

    /** Every down window of a region's {@code CSPx/PM6.2}, in start order; empty without the whole simulation. */
    public List<TimeWindow> downWindows(Region region) {
        return downWindows(EventKind.AVAILABILITY_PROBE.measureId(region));
    }

    /** Every down window of a probed measure (e.g. {@code DSP/PM2.1}), in start order; empty when not probed. */
    public List<TimeWindow> downWindows(String measureId) {
        return downWindows.getOrDefault(measureId, List.of());
    }

    /**
     * Every scheduled maintenance window of a region's {@code CSPx/PM6.2}, in start order, on whole minutes; empty
     * without the whole simulation.
     */
    public List<TimeWindow> maintenanceWindows(Region region) {
        return maintenanceWindows(EventKind.AVAILABILITY_PROBE.measureId(region));
    }

    /**
     * Every scheduled maintenance window of a probed measure, in start order, on whole minutes: what a launcher
     * imports as availability rows of kind {@code maintenance} for it; empty when not probed.
     */
    public List<TimeWindow> maintenanceWindows(String measureId) {
        return maintenanceWindows.getOrDefault(measureId, List.of());
    }

    /**
     * The ids of every probed measure, in kind order and, within a kind, region order ({@code CSPN/PM6.2},
     * {@code CSPC/PM6.2}, {@code CSPS/PM6.2}, {@code DSP/PM2.1} ... {@code CSPN/PM6.3}); empty without the whole
     * simulation.
     */
    public List<String> measureIds() {
        List<String> ids = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            for (Region region : Region.values()) {
                if (kind.availabilityProbe() && kind.measuredIn(region) && downWindows.containsKey(kind.measureId(region))
                        && probedFrom.get(kind.measureId(region)) == region) {
                    ids.add(kind.measureId(region));
                }
            }
        }
        return ids;
    }

    /** The ids of every measure with scheduled maintenance windows, sorted (every probed one, whole simulation). */
    public java.util.Set<String> maintainedMeasureIds() {
        return java.util.Collections.unmodifiableSet(maintenanceWindows.keySet());
    }

    /**
     * The figures of a period, one per probed measure in {@link #measureIds()} order. Only the scenario's period is probed
     * from its first to its last second (the month before and after only in part).
     */
    public List<AvailabilityRow> rows(YearMonth period) {
        long fromSeconds = Math.floorDiv(UkCalendar.periodStartEpochNanos(period), 1_000_000_000L);
        long toSeconds = Math.floorDiv(UkCalendar.periodStartEpochNanos(period.plusMonths(1)), 1_000_000_000L);
        List<AvailabilityRow> rows = new ArrayList<>();
        for (String measureId : measureIds()) {
            List<TimeWindow> touchingDown = touching(downWindows(measureId), fromSeconds, toSeconds);
            List<TimeWindow> touchingMaintenance = touching(maintenanceWindows(measureId), fromSeconds, toSeconds);
            List<long[]> outage = new ArrayList<>();
            for (TimeWindow window : touchingDown) {
                // widened to whole seconds against the provider: start floored, end ceiled
                outage.add(new long[] {Math.floorDiv(window.startEpochMillis(), 1000),
                        -Math.floorDiv(-window.endEpochMillis(), 1000)});
            }
            List<long[]> excusing = new ArrayList<>();
            for (TimeWindow window : touchingMaintenance) {
                // narrowed to whole seconds in the provider's favour only: start ceiled, end floored
                excusing.add(new long[] {-Math.floorDiv(-window.startEpochMillis(), 1000),
                        Math.floorDiv(window.endEpochMillis(), 1000)});
            }
            List<long[]> downSpans = clip(union(outage), fromSeconds, toSeconds);
            long periodSeconds = toSeconds - fromSeconds;
            long outageSeconds = total(downSpans);
            long excusedSeconds = overlap(downSpans, union(excusing));
            long available = periodSeconds - (outageSeconds - excusedSeconds);
            BigDecimal level = BigDecimal.valueOf(available).multiply(HUNDRED)
                    .divide(BigDecimal.valueOf(periodSeconds), 2, RoundingMode.HALF_UP);
            rows.add(new AvailabilityRow(measureId, probedFrom.get(measureId), period, touchingDown,
                    touchingMaintenance, periodSeconds, outageSeconds, excusedSeconds, available, level));
        }
        return rows;
    }

    private static List<TimeWindow> touching(List<TimeWindow> windows, long fromSeconds, long toSeconds) {
        List<TimeWindow> out = new ArrayList<>();
        for (TimeWindow window : windows) {
            if (window.endEpochMillis() > fromSeconds * 1000 && window.startEpochMillis() < toSeconds * 1000) {
                out.add(window);
            }
        }
        return out;
    }

    private static List<long[]> union(List<long[]> spans) {
        List<long[]> sorted = new ArrayList<>(spans);
        sorted.removeIf(s -> s[1] <= s[0]);
        sorted.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] span : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                out.add(new long[] {span[0], span[1]});
            }
        }
        return out;
    }

    private static List<long[]> clip(List<long[]> spans, long from, long to) {
        List<long[]> out = new ArrayList<>();
        for (long[] span : spans) {
            long start = Math.max(span[0], from);
            long end = Math.min(span[1], to);
            if (end > start) {
                out.add(new long[] {start, end});
            }
        }
        return out;
    }

    /** Total length of the intersection of two disjoint unions. */
    private static long overlap(List<long[]> a, List<long[]> b) {
        long total = 0;
        for (long[] x : a) {
            for (long[] y : b) {
                total += Math.max(0, Math.min(x[1], y[1]) - Math.max(x[0], y[0]));
            }
        }
        return total;
    }

    private static long total(List<long[]> spans) {
        long total = 0;
        for (long[] span : spans) {
            total += span[1] - span[0];
        }
        return total;
    }
}
