package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The truth of the per-device measures of a simulation, counted from the generated events:
 * <ul>
 *   <li>Category 1 firmware payloads ({@code CSPx/PM2}): per hub, as the domain brief defines the measure; a payload
 *       (every attempt to one hub) belongs to the period of its first attempt's start and is delivered if any attempt
 *       succeeded within TRT (success and latency &lt;= TRT, exactly). The simulation gives a hub at most one payload
 *       (its group id is the hub's), so counting payloads here is counting hubs; a rig that gave a hub two payloads
 *       in one period would have to count that hub once, delivered if either was (the collector's rule).</li>
 *   <li>First-time SMWAN connectivity ({@code CSPx/PM1.1} at install, {@code CSPN/PM1.2}, {@code CSPN/PM1.3},
 *       {@code CSPC/PM1.2}, {@code CSPS/PM1.2}): hubs installed in a period, and those connected within TRT of their install.</li>
 *   <li>Power outages: per outage event (id, N hubs, A alerts within TRT), attributed to the period of its
 *       first alert, and per region and period the {@link OutageFigures}.</li>
 * </ul>
 * <p>Threading: immutable.
 */
public final class DeviceTruth {
    private final Map<YearMonth, List<RatioRow>> firmwareByPeriod;
    private final List<OutageTruth> outages;
    private final Map<YearMonth, List<RatioRow>> connectivityByPeriod;

    private DeviceTruth(Map<YearMonth, List<RatioRow>> firmwareByPeriod, List<OutageTruth> outages,
                        Map<YearMonth, List<RatioRow>> connectivityByPeriod) {
        this.firmwareByPeriod = firmwareByPeriod;
        this.outages = outages;
        this.connectivityByPeriod = connectivityByPeriod;
    }

    static DeviceTruth compute(List<RegionEvents> regions, Map<EventKind, Long> trtNanos, UkCalendar.Months periods) {
        Map<YearMonth, List<RatioRow>> firmware = new TreeMap<>();
        List<OutageTruth> outages = new ArrayList<>();
        Map<YearMonth, Map<String, long[]>> connectivity = new TreeMap<>();
        for (RegionEvents events : regions) {
            // per group: first start, attempts or alerts, within TRT
            Map<Long, long[]> payloads = new TreeMap<>();
            Map<Long, long[]> outageGroups = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                EventKind kind = events.kind(i);
                if (!kind.perDevice() || kind.smwanLevel()) {
                    continue; // the level's daily checks count hub-days: SmwanLevelTruth
                }
                if (kind.smwanConnectivity()) {
                    long[] row = connectivity.computeIfAbsent(periods.periodOf(events.startEpochNanos(i)), p -> new TreeMap<>())
                            .computeIfAbsent(kind.measureId(events.region()), id -> new long[2]);
                    row[1]++;
                    row[0] += within(events, i, trtNanos.get(kind)) ? 1 : 0;
                    continue;
                }
                Map<Long, long[]> groups = kind == EventKind.CAT1_FIRMWARE_PAYLOAD ? payloads : outageGroups;
                long[] group = groups.computeIfAbsent(events.groupId(i), id -> new long[] {Long.MAX_VALUE, 0, 0});
                group[0] = Math.min(group[0], events.startEpochNanos(i));
                group[1]++;
                if (within(events, i, trtNanos.get(kind))) {
                    group[2]++;
                }
            }
            Region region = events.region();
            Map<YearMonth, long[]> ratio = new TreeMap<>();
            for (long[] payload : payloads.values()) {
                long[] counts = ratio.computeIfAbsent(periods.periodOf(payload[0]), p -> new long[2]);
                counts[1]++;
                if (payload[2] > 0) {
                    counts[0]++;
                }
            }
            ratio.forEach((period, counts) -> firmware.computeIfAbsent(period, p -> new ArrayList<>())
                    .add(new RatioRow(EventKind.CAT1_FIRMWARE_PAYLOAD.measureId(region), period, counts[0], counts[1])));
            outageGroups.forEach((id, group) -> outages.add(new OutageTruth(Long.toString(id), region,
                    periods.periodOf(group[0]), group[0], (int) group[1], (int) group[2])));
        }
        firmware.replaceAll((period, rows) -> {
            rows.sort(Comparator.comparing(RatioRow::measureId));
            return List.copyOf(rows);
        });
        outages.sort(Comparator.comparing(OutageTruth::region).thenComparingLong(OutageTruth::startEpochNanos)
                .thenComparing(OutageTruth::outageId));
        Map<YearMonth, List<RatioRow>> connectivityRows = new TreeMap<>();
        connectivity.forEach((period, byMeasure) -> connectivityRows.put(period, byMeasure.entrySet().stream()
                .map(e -> new RatioRow(e.getKey(), period, e.getValue()[0], e.getValue()[1])).toList()));
        return new DeviceTruth(firmware, List.copyOf(outages), connectivityRows);
    }

    private static boolean within(RegionEvents events, int index, long trtNanos) {
        return !events.lost(index) && events.success(index)
                && events.endEpochNanos(index) - events.startEpochNanos(index) <= trtNanos;
    }

    /** The firmware rows ({@code CSPx/PM2}) of a period, sorted by measure id. */
    public List<RatioRow> firmwareRows(YearMonth period) {
        return firmwareByPeriod.getOrDefault(period, List.of());
    }

    /**
     * The first-time SMWAN connectivity rows of a period, sorted by measure id: hubs installed in the period
     * (denominator) and those connected within the measure's TRT of their install (numerator).
     */
    public List<RatioRow> connectivityRows(YearMonth period) {
        return connectivityByPeriod.getOrDefault(period, List.of());
    }

    /** Every outage, by region, then first alert, then id. */
    public List<OutageTruth> outages() {
        return outages;
    }

    /** The outage figures of a period, one per region with at least one outage in it, in region order. */
    public List<OutageFigures> outageFigures(YearMonth period) {
        Map<Region, List<OutageTruth>> byRegion = new TreeMap<>();
        for (OutageTruth outage : outages) {
            if (outage.period().equals(period)) {
                byRegion.computeIfAbsent(outage.region(), r -> new ArrayList<>()).add(outage);
            }
        }
        List<OutageFigures> figures = new ArrayList<>();
        byRegion.forEach((region, list) -> figures.add(OutageFigures.of(region, period, list)));
        return figures;
    }

    /** Every row and outage as text, one a line, in a fixed order: equal truths give equal bytes. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        firmwareByPeriod.forEach((period, rows) -> rows.forEach(row -> text.append(String.format(Locale.ROOT,
                "firmware,%s,%s,%d,%d%n", row.measureId(), row.period(), row.numerator(), row.denominator()))));
        connectivityByPeriod.forEach((period, rows) -> rows.forEach(row -> text.append(String.format(Locale.ROOT,
                "connectivity,%s,%s,%d,%d%n", row.measureId(), row.period(), row.numerator(), row.denominator()))));
        for (OutageTruth outage : outages) {
            text.append(String.format(Locale.ROOT, "outage,%s,%s,%s,%d,%d,%d%n", outage.outageId(), outage.region(),
                    outage.period(), outage.startEpochNanos(), outage.hubs(), outage.alertsWithinTrt()));
        }
        return text.toString();
    }
}
