package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.data.MeasureData;
import io.pmr.collector.imports.Exclusion;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.data.MeasureCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The imported exclusions (PMEL entries) of one measure, and how they remove events without ever counting an event
 * twice. Window exclusions remove intervals (and device records) whose start lies in the window; device exclusions
 * remove that device's records (or the incident with that id). Where windows overlap, the period is cut at every
 * window boundary and each piece is removed once, attributed to the earliest-starting covering exclusion's reason
 * (a scope-specific window that starts earlier than the covering {@code *} window keeps its reason for its scope).
 */
final class Exclusions {
    private static final Comparator<Exclusion> EARLIEST = Comparator.comparing(Exclusion::windowStart);
    private final List<Exclusion> windows;
    private final List<Exclusion> devices;

    private Exclusions(List<Exclusion> windows, List<Exclusion> devices) {
        this.windows = windows;
        this.devices = devices;
    }

    static Exclusions of(String measureId, ImportedData imported) {
        List<Exclusion> windows = new ArrayList<>();
        List<Exclusion> devices = new ArrayList<>();
        for (Exclusion exclusion : imported.exclusions()) {
            if (exclusion.measureId().equals(measureId)) {
                (exclusion.isWindow() ? windows : devices).add(exclusion);
            }
        }
        windows.sort(EARLIEST);
        return new Exclusions(windows, devices);
    }

    /** Counts removed and excluded events per reason. */
    record Removed(MeasureCounts counts, Map<String, Long> byReason, List<String> files) {
        static final Removed NONE = new Removed(MeasureCounts.ZERO, Map.of(), List.of());
    }

    /** What window exclusions remove from a measure's interval sums in the period. */
    Removed intervals(MeasureData data, String measureId, MeasurePeriod period) {
        TreeSet<Long> cuts = new TreeSet<>();
        List<Exclusion> inPeriod = new ArrayList<>();
        for (Exclusion window : windows) {
            long start = Math.max(window.windowStart().toEpochMilli(), period.startEpochMillis());
            long end = Math.min(window.windowEnd().toEpochMilli(), period.endEpochMillis());
            if (end > start) {
                cuts.add(start);
                cuts.add(end);
                inPeriod.add(window);
            }
        }
        if (inPeriod.isEmpty()) {
            return Removed.NONE;
        }
        MeasureCounts removed = MeasureCounts.ZERO;
        Map<String, Long> byReason = new TreeMap<>();
        TreeSet<String> files = new TreeSet<>();
        Long from = null;
        for (long cut : cuts) {
            if (from != null) {
                removed = removed.plus(piece(data, measureId, from, cut, inPeriod, byReason, files));
            }
            from = cut;
        }
        return new Removed(removed, byReason, List.copyOf(files));
    }

    private static MeasureCounts piece(MeasureData data, String measureId, long from, long to, List<Exclusion> windows,
            Map<String, Long> byReason, TreeSet<String> files) {
        Exclusion star = null;
        Map<String, Exclusion> earliestPerScope = new LinkedHashMap<>();
        for (Exclusion window : windows) { // sorted by start: the first covering one is the earliest
            if (window.windowStart().toEpochMilli() > from || window.windowEnd().toEpochMilli() < to) {
                continue;
            }
            if ("*".equals(window.scope())) {
                star = star == null ? window : star;
            } else {
                earliestPerScope.putIfAbsent(window.scope(), window);
            }
        }
        MeasureCounts removed = MeasureCounts.ZERO;
        if (star == null) {
            for (Exclusion window : earliestPerScope.values()) {
                MeasureCounts part = data.intervalCounts(measureId, window.scope(), from, to);
                count(window, part, byReason, files);
                removed = removed.plus(part);
            }
            return removed;
        }
        MeasureCounts rest = data.intervalCounts(measureId, "*", from, to);
        for (Exclusion window : earliestPerScope.values()) {
            if (window.windowStart().isBefore(star.windowStart())) {
                MeasureCounts part = data.intervalCounts(measureId, window.scope(), from, to);
                count(window, part, byReason, files);
                rest = minus(rest, part);
                removed = removed.plus(part);
            }
        }
        count(star, rest, byReason, files);
        return removed.plus(rest);
    }

    private static void count(Exclusion window, MeasureCounts part, Map<String, Long> byReason, TreeSet<String> files) {
        if (part.events() > 0) {
            byReason.merge(window.reason(), part.events(), Math::addExact);
            files.add(window.source().text());
        }
    }

    /** The device exclusions of the measure (hub ids; incident ids for incidents measures), in import order. */
    List<Exclusion> devices() {
        return List.copyOf(devices);
    }

    /** The exclusion removing this device record, or null: a device exclusion first, else the earliest window. */
    Exclusion forRecord(DeviceRecord record) {
        for (Exclusion device : devices) {
            if (device.deviceId().equals(record.deviceId())
                    && ("*".equals(device.scope()) || device.scope().equals(record.scope()))) {
                return device;
            }
        }
        for (Exclusion window : windows) {
            if (window.coversWindow(record.scope(), record.startEpochMillis())) {
                return window;
            }
        }
        return null;
    }

    /** The device exclusion naming this id (an incident id for incidents measures), or null. */
    Exclusion forId(String id) {
        for (Exclusion device : devices) {
            if (device.deviceId().equals(id)) {
                return device;
            }
        }
        return null;
    }

    static MeasureCounts minus(MeasureCounts a, MeasureCounts b) {
        return new MeasureCounts(Math.subtractExact(a.events(), b.events()),
                Math.subtractExact(a.withinTrt(), b.withinTrt()), Math.subtractExact(a.timedOut(), b.timedOut()),
                Math.subtractExact(a.failed(), b.failed()));
    }
}
