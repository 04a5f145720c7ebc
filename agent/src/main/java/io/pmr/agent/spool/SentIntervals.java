package io.pmr.agent.spool;

import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The sent-interval ledger in memory: which (measure, scope, interval start) an agent has durably written, so a
 * replay of its source after a crash never writes an interval report twice (reports are additive at the collector).
 *
 * <p>Two parts, because they die differently:
 * <ul>
 *   <li><b>held</b>: the keys of the interval envelopes still in the outbox. Their files are the durable record;
 *       a file found torn at start is not loaded, so its intervals are not here and are recomputed.</li>
 *   <li><b>acked</b>: the keys of envelopes the collector acknowledged, made durable in
 *       {@link AckedIntervalsFile} BEFORE their outbox files are deleted. Compact: per measure the highest
 *       watermark acknowledged (every interval of the measure starting before it was sent) and the sparse set of
 *       interval starts at or beyond it.</li>
 * </ul>
 * An interval is "sent" when either part has it, or when it starts before a watermark of either part.
 *
 * <p>Keys travel as an {@link IntervalReportBatch} stripped to what identifies an interval ({@link #keysOf}).
 * Threading: not thread-safe; the {@link Outbox} calls it under its lock.
 */
final class SentIntervals {
    /** measure id -> highest acknowledged watermark, epoch millis. */
    private final Map<String, Long> ackedWatermarks = new HashMap<>();
    /** measure id -> scope -> acknowledged interval starts at or after the measure's watermark. */
    private final Map<String, Map<String, TreeSet<Long>>> acked = new HashMap<>();
    /** measure id -> watermark -> how many held envelopes carry it. */
    private final Map<String, TreeMap<Long, Integer>> heldWatermarks = new HashMap<>();
    /**
     * measure id -> scope -> interval start -> how many held envelopes carry it. A series keeps its table when it
     * empties (the next envelope fills it again: catalogue measures x scopes tables at most).
     */
    private final Map<String, Map<String, LongCounts>> held = new HashMap<>();

    /** What identifies the intervals and watermarks of a batch: measure, scope, start; nothing else. */
    static IntervalReportBatch keysOf(IntervalReportBatch batch) {
        IntervalReportBatch.Builder keys = IntervalReportBatch.newBuilder();
        for (IntervalReport report : batch.getIntervalsList()) {
            keys.addIntervals(IntervalReport.newBuilder().setMeasureId(report.getMeasureId())
                    .setScope(report.getScope()).setIntervalStartEpochMillis(report.getIntervalStartEpochMillis()));
        }
        keys.addAllWatermarks(batch.getWatermarksList());
        return keys.build();
    }

    /** Whether this interval was durably written (in the outbox, or acknowledged) by this agent, in any run. */
    boolean contains(String measureId, String scope, long intervalStartEpochMillis) {
        Long ackedWatermark = ackedWatermarks.get(measureId);
        if (ackedWatermark != null && intervalStartEpochMillis < ackedWatermark) {
            return true;
        }
        TreeMap<Long, Integer> heldMarks = heldWatermarks.get(measureId);
        if (heldMarks != null && !heldMarks.isEmpty() && intervalStartEpochMillis < heldMarks.lastKey()) {
            return true;
        }
        Map<String, TreeSet<Long>> byScope = acked.get(measureId);
        if (byScope != null) {
            TreeSet<Long> starts = byScope.get(scope);
            if (starts != null && starts.contains(intervalStartEpochMillis)) {
                return true;
            }
        }
        LongCounts heldStarts = heldStarts(measureId, scope);
        return heldStarts != null && heldStarts.contains(intervalStartEpochMillis);
    }

    private LongCounts heldStarts(String measureId, String scope) {
        Map<String, LongCounts> byScope = held.get(measureId);
        return byScope == null ? null : byScope.get(scope);
    }

    /** An envelope with these keys is in the outbox. */
    void hold(IntervalReportBatch keys) {
        forEachStart(keys, (measure, scope) -> held.computeIfAbsent(measure, k -> new HashMap<>())
                .computeIfAbsent(scope, k -> new LongCounts()), LongCounts::increment);
        for (MeasureWatermark mark : keys.getWatermarksList()) {
            heldWatermarks.computeIfAbsent(mark.getMeasureId(), k -> new TreeMap<>())
                    .merge(mark.getFinalThroughEpochMillis(), 1, Integer::sum);
        }
    }

    /** An envelope with these keys left the outbox (acknowledged: {@link #acknowledge} them first). */
    void release(IntervalReportBatch keys) {
        forEachStart(keys, this::heldStarts, (starts, startEpochMillis) -> {
            if (starts != null) {
                starts.decrement(startEpochMillis);
            }
        });
        for (MeasureWatermark mark : keys.getWatermarksList()) {
            TreeMap<Long, Integer> marks = heldWatermarks.get(mark.getMeasureId());
            if (marks != null) {
                marks.computeIfPresent(mark.getFinalThroughEpochMillis(), (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /** What {@link #forEachStart} does with each report's start, given its series' table (null when there is none). */
    @FunctionalInterface
    private interface StartAction {
        void apply(LongCounts starts, long startEpochMillis);
    }

    /**
     * Applies {@code action} to every report's interval start with its series' table, which {@code series} finds by
     * measure and scope: once per run of reports of one series, as an envelope's reports come a series at a time (the
     * batch builder's order), not once per report.
     */
    private static void forEachStart(IntervalReportBatch keys, BiFunction<String, String, LongCounts> series,
            StartAction action) {
        String measure = null;
        String scope = null;
        LongCounts starts = null;
        for (IntervalReport report : keys.getIntervalsList()) {
            if (!report.getMeasureId().equals(measure) || !report.getScope().equals(scope)) {
                measure = report.getMeasureId();
                scope = report.getScope();
                starts = series.apply(measure, scope);
            }
            action.apply(starts, report.getIntervalStartEpochMillis());
        }
    }

    /** The collector acknowledged an envelope with these keys (already durable in the acked file). */
    void acknowledge(IntervalReportBatch keys) {
        for (MeasureWatermark mark : keys.getWatermarksList()) {
            ackedWatermarks.merge(mark.getMeasureId(), mark.getFinalThroughEpochMillis(), Math::max);
        }
        for (IntervalReport report : keys.getIntervalsList()) {
            long watermark = ackedWatermarks.getOrDefault(report.getMeasureId(), Long.MIN_VALUE);
            if (report.getIntervalStartEpochMillis() >= watermark) {
                acked.computeIfAbsent(report.getMeasureId(), k -> new HashMap<>())
                        .computeIfAbsent(report.getScope(), k -> new TreeSet<>())
                        .add(report.getIntervalStartEpochMillis());
            }
        }
        for (MeasureWatermark mark : keys.getWatermarksList()) {
            Map<String, TreeSet<Long>> byScope = acked.get(mark.getMeasureId());
            if (byScope != null) {
                long watermark = ackedWatermarks.get(mark.getMeasureId());
                byScope.values().forEach(starts -> starts.headSet(watermark).clear());
            }
        }
    }

    /** The acknowledged part, compact (watermarks and the sparse starts beyond them), as keys. */
    IntervalReportBatch ackedKeys() {
        IntervalReportBatch.Builder keys = IntervalReportBatch.newBuilder();
        ackedWatermarks.forEach((measure, watermark) -> keys.addWatermarks(MeasureWatermark.newBuilder()
                .setMeasureId(measure).setFinalThroughEpochMillis(watermark)));
        acked.forEach((measure, byScope) -> byScope.forEach((scope, starts) -> {
            for (long start : starts) {
                keys.addIntervals(IntervalReport.newBuilder().setMeasureId(measure).setScope(scope)
                        .setIntervalStartEpochMillis(start));
            }
        }));
        return keys.build();
    }

    /** Acknowledged interval starts kept beyond the watermarks (for tests and diagnostics). */
    int ackedSparseSize() {
        int size = 0;
        for (Map<String, TreeSet<Long>> byScope : acked.values()) {
            for (TreeSet<Long> starts : byScope.values()) {
                size += starts.size();
            }
        }
        return size;
    }
}
