package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;

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
 * {@code end - start <= TRT} exactly, in nanoseconds.
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

    private GroundTruth(Map<YearMonth, List<TruthRow>> rowsByPeriod) {
        this.rowsByPeriod = rowsByPeriod;
    }

    /** Counts every event of every region; {@code periods} must cover every start. */
    static GroundTruth compute(List<RegionEvents> regions, Map<EventKind, Long> trtNanos, LondonPeriods periods) {
        int kinds = EventKind.all().length;
        long[][][][] counts = new long[Region.values().length][kinds][periods.months()][5];
        for (RegionEvents events : regions) {
            long[][][] byKind = counts[events.region().ordinal()];
            for (int i = 0; i < events.size(); i++) {
                EventKind kind = events.kind(i);
                long start = events.startEpochNanos(i);
                long[] count = byKind[kind.ordinal()][periods.indexOf(start)];
                count[EVENTS]++;
                count[outcome(events, i, start, trtNanos.get(kind))]++;
            }
        }
        Map<YearMonth, List<TruthRow>> rows = new TreeMap<>();
        for (Region region : Region.values()) {
            for (EventKind kind : EventKind.all()) {
                for (int month = 0; month < periods.months(); month++) {
                    long[] count = counts[region.ordinal()][kind.ordinal()][month];
                    if (count[EVENTS] == 0) {
                        continue;
                    }
                    YearMonth period = periods.first().plusMonths(month);
                    rows.computeIfAbsent(period, p -> new ArrayList<>()).add(new TruthRow(kind.measureId(region), period,
                            count[EVENTS], count[WITHIN], count[LOST], count[FAILED], count[LATE]));
                }
            }
        }
        rows.replaceAll((period, list) -> {
            list.sort(Comparator.comparing(TruthRow::measureId));
            return List.copyOf(list);
        });
        return new GroundTruth(rows);
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

    /** Rows of one period, sorted by measure id; only measures with at least one event in it. */
    public List<TruthRow> rows(YearMonth period) {
        return rowsByPeriod.getOrDefault(period, List.of());
    }

    /** The row of a measure in a period, empty when the measure had no event in it. */
    public Optional<TruthRow> row(String measureId, YearMonth period) {
        return rows(period).stream().filter(row -> row.measureId().equals(measureId)).findFirst();
    }

    /** The periods with at least one event, in order. */
    public List<YearMonth> periods() {
        return List.copyOf(rowsByPeriod.keySet());
    }
}
