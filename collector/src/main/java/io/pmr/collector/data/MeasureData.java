package io.pmr.collector.data;

import io.pmr.collector.imports.ImportedData;
import org.HdrHistogram.Histogram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the measure engine reads: agents' interval sums, per-device records, and imported data. Implemented by the
 * store (one consistent snapshot per call) and by in-memory fixtures in tests. Times are UTC epoch millis, ranges
 * start inclusive, end exclusive; an interval or record belongs to a range when its start lies in it.
 */
public interface MeasureData {

    /**
     * Payloads kept apart because their key was stored with other content, most recently received first, at most
     * {@code limit} (counted in no figure; shown on the report). None by default (fixtures).
     */
    default List<io.pmr.collector.data.EnvelopeConflict> conflicts(int limit) {
        return List.of();
    }

    /** Agent ids under which two agents were live at once, most recently seen first. None by default (fixtures). */
    default List<io.pmr.collector.data.IdentityClash> identityClashes() {
        return List.of();
    }

    /** Interval sums of every measure in the range, declared sources and watermarks (as today). */
    PeriodData periodData(long fromEpochMillis, long toEpochMillis);

    /** Interval sums of one measure and scope over the range ({@code scope} null or {@code *}: every scope). */
    MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis);

    /** Per-device records of one measure starting in the range, one per (measure, device, message id). */
    List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis);

    /**
     * The per-device records of one measure that a period needs when records count in groups (a firmware payload's
     * attempts, a power outage's alerts), deduplicated as {@link #deviceRecords}: every record of each group that has
     * at least one record starting in the range, wherever its others start (a retry days later, an alert after the
     * month end), and the ungrouped records starting in the range. The caller attributes each group by its earliest
     * start. This default reads every record of the measure; a store answers from its indexes.
     */
    default List<DeviceRecord> deviceRecordGroups(String measureId, long fromEpochMillis, long toEpochMillis) {
        List<DeviceRecord> all = deviceRecords(measureId, Long.MIN_VALUE, Long.MAX_VALUE);
        Set<String> groups = new HashSet<>();
        for (DeviceRecord record : all) {
            if (!record.groupKey().isEmpty() && record.startEpochMillis() >= fromEpochMillis
                    && record.startEpochMillis() < toEpochMillis) {
                groups.add(record.groupKey());
            }
        }
        List<DeviceRecord> picked = new ArrayList<>();
        for (DeviceRecord record : all) {
            boolean inRange = record.startEpochMillis() >= fromEpochMillis && record.startEpochMillis() < toEpochMillis;
            if (record.groupKey().isEmpty() ? inRange : groups.contains(record.groupKey())) {
                picked.add(record);
            }
        }
        return picked;
    }

    /**
     * Down windows agents' probes saw for one {@code availability} measure that overlap the range ({@code start < to}
     * and {@code end > from}), in start order. A window stored twice (a duplicate of its envelope cannot be) would add
     * nothing: the figure takes the union. Default: none (a source without agents' windows).
     */
    default List<AgentDownWindow> downWindows(String measureId, long fromEpochMillis, long toEpochMillis) {
        return List.of();
    }

    /**
     * The merged latency histogram of one measure (every scope, every agent) over the intervals starting in the range,
     * in <b>nanoseconds</b>, 3 significant digits, auto-resizing. It holds the events that completed (within TRT or
     * failed); timed-out events have no latency and are only in the interval counts. A composite has no intervals of
     * its own: pool its contributors' histograms. Default: an empty histogram (a source without histograms).
     */
    default Histogram latencyHistogram(String measureId, long fromEpochMillis, long toEpochMillis) {
        Histogram empty = new Histogram(3);
        empty.setAutoResize(true);
        return empty;
    }

    /**
     * A measure's interval sums per UK-local day of the range (range ends should be day starts in Europe/London), one
     * entry per day in order, days without intervals included with zeros. Default: none.
     */
    default List<DailyCount> dailyCounts(String measureId, long fromEpochMillis, long toEpochMillis) {
        return List.of();
    }

    /**
     * Per agent that declared a measure, per UK-local day of the range: minutes owed, intervals reported, minutes
     * final (see {@link AgentDay}); sorted by agent then day. Default: none.
     */
    default List<AgentDay> agentDays(long fromEpochMillis, long toEpochMillis) {
        return List.of();
    }

    /**
     * Every declaration agents made of the measures they are the source of, with its time (see
     * {@link io.pmr.collector.data.SourceDeclaration}). Default, for sources that keep no times: one declaration per
     * agent of every measure {@link PeriodData#declaredBy()} lists, at {@link Long#MIN_VALUE} (in force, and covering,
     * since always).
     */
    default List<io.pmr.collector.data.SourceDeclaration> sourceDeclarations() {
        java.util.Map<String, Set<String>> byAgent = new java.util.TreeMap<>();
        periodData(Long.MIN_VALUE, Long.MIN_VALUE + 1).declaredBy().forEach((measure, agents) ->
                agents.forEach(agent -> byAgent.computeIfAbsent(agent, k -> new java.util.TreeSet<>()).add(measure)));
        List<io.pmr.collector.data.SourceDeclaration> declarations = new ArrayList<>();
        byAgent.forEach((agent, measures) -> declarations.add(
                new io.pmr.collector.data.SourceDeclaration(agent, Long.MIN_VALUE, 0, 0, measures)));
        return declarations;
    }

    /** The operators' expect/retire log, oldest first. Default: none. */
    default List<io.pmr.collector.data.SourceExpectation> sourceExpectations() {
        return List.of();
    }

    /** Everything imported (latest version of each natural key). */
    ImportedData imported();
}
