package io.pmr.collector.data;

import java.util.Map;
import java.util.Set;

/**
 * What the measure engine needs for one period, read in one consistent snapshot.
 *
 * @param counts       measure id -> sums of the intervals starting in the range
 * @param exclusions   measure id -> reason -> excluded count of the intervals starting in the range
 * @param declaredBy   measure id -> agents that declared themselves a source of it (any time)
 * @param watermarks   measure id -> agent id -> highest final-through watermark (epoch millis)
 */
public record PeriodData(Map<String, MeasureCounts> counts, Map<String, Map<String, Long>> exclusions,
        Map<String, Set<String>> declaredBy, Map<String, Map<String, Long>> watermarks) {
    public PeriodData {
        counts = Map.copyOf(counts);
        exclusions = Map.copyOf(exclusions);
        declaredBy = Map.copyOf(declaredBy);
        watermarks = Map.copyOf(watermarks);
    }
}
