package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.model.UkCalendar;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The truth of the SMWAN connectivity level, counted from the generated daily checks: per (period of the check,
 * measure), hub-days in scope (a check whose group is 0), connected (answered successfully, latency &lt;= the check
 * timeout exactly), excluded (a check with a group) and the hubs with an in-scope day not connected. Immutable.
 */
final class SmwanLevelTruth {
    static final SmwanLevelTruth EMPTY = new SmwanLevelTruth(Map.of());

    private final Map<YearMonth, List<LevelRow>> rowsByPeriod;

    private SmwanLevelTruth(Map<YearMonth, List<LevelRow>> rowsByPeriod) {
        this.rowsByPeriod = rowsByPeriod;
    }

    static SmwanLevelTruth compute(List<RegionEvents> regions, Map<EventKind, Long> trtNanos, UkCalendar.Months periods) {
        Long trt = trtNanos.get(EventKind.SMWAN_CONNECTIVITY_CHECK);
        if (trt == null) {
            return EMPTY;
        }
        // period -> measure -> {connected, in scope, excluded}, and the excepted hubs
        Map<YearMonth, Map<String, long[]>> counts = new TreeMap<>();
        Map<YearMonth, Map<String, Set<Long>>> excepted = new TreeMap<>();
        for (RegionEvents events : regions) {
            for (int i = 0; i < events.size(); i++) {
                if (!events.kind(i).smwanLevel()) {
                    continue;
                }
                YearMonth period = periods.periodOf(events.startEpochNanos(i));
                String measureId = EventKind.SMWAN_CONNECTIVITY_CHECK.measureId(events.region());
                long[] row = counts.computeIfAbsent(period, p -> new TreeMap<>()).computeIfAbsent(measureId,
                        id -> new long[3]);
                if (events.groupId(i) != 0) {
                    row[2]++;
                    continue;
                }
                row[1]++;
                boolean connected = !events.lost(i) && events.success(i)
                        && events.endEpochNanos(i) - events.startEpochNanos(i) <= trt;
                if (connected) {
                    row[0]++;
                } else {
                    excepted.computeIfAbsent(period, p -> new TreeMap<>())
                            .computeIfAbsent(measureId, id -> new HashSet<>()).add(events.deviceId(i));
                }
            }
        }
        Map<YearMonth, List<LevelRow>> rows = new TreeMap<>();
        counts.forEach((period, byMeasure) -> {
            List<LevelRow> list = new ArrayList<>();
            byMeasure.forEach((id, c) -> list.add(new LevelRow(id, period, c[0], c[1], c[2],
                    excepted.getOrDefault(period, Map.of()).getOrDefault(id, Set.of()).size())));
            rows.put(period, List.copyOf(list));
        });
        return new SmwanLevelTruth(rows);
    }

    /** The rows of a period, sorted by measure id; empty without the whole simulation. */
    List<LevelRow> rows(YearMonth period) {
        return rowsByPeriod.getOrDefault(period, List.of());
    }
}
