package io.pmr.agent.spool;

import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * <p>Keys travel as {@link IntervalKeys}: per run of one series' reports, their starts.
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
    void hold(IntervalKeys keys) {
        for (int run = 0; run < keys.runs(); run++) {
            LongCounts starts = held.computeIfAbsent(keys.measure(run), k -> new HashMap<>())
                    .computeIfAbsent(keys.scope(run), k -> new LongCounts());
            for (int i = keys.runFrom(run), end = keys.runFrom(run + 1); i < end; i++) {
                starts.increment(keys.start(i));
            }
        }
        for (MeasureWatermark mark : keys.watermarks()) {
            heldWatermarks.computeIfAbsent(mark.getMeasureId(), k -> new TreeMap<>())
                    .merge(mark.getFinalThroughEpochMillis(), 1, Integer::sum);
        }
    }

    /** An envelope with these keys left the outbox (acknowledged: {@link #acknowledge} them first). */
    void release(IntervalKeys keys) {
        for (int run = 0; run < keys.runs(); run++) {
            LongCounts starts = heldStarts(keys.measure(run), keys.scope(run));
            if (starts == null) {
                continue;
            }
            for (int i = keys.runFrom(run), end = keys.runFrom(run + 1); i < end; i++) {
                starts.decrement(keys.start(i));
            }
        }
        for (MeasureWatermark mark : keys.watermarks()) {
            TreeMap<Long, Integer> marks = heldWatermarks.get(mark.getMeasureId());
            if (marks != null) {
                marks.computeIfPresent(mark.getFinalThroughEpochMillis(), (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /**
     * The collector acknowledged envelopes with these keys (already durable in the acked file): taken together, as
     * one batch of all their intervals and all their watermarks, every watermark first.
     */
    void acknowledge(List<IntervalKeys> acknowledged) {
        for (IntervalKeys keys : acknowledged) {
            for (MeasureWatermark mark : keys.watermarks()) {
                ackedWatermarks.merge(mark.getMeasureId(), mark.getFinalThroughEpochMillis(), Math::max);
            }
        }
        for (IntervalKeys keys : acknowledged) {
            for (int run = 0; run < keys.runs(); run++) {
                long watermark = ackedWatermarks.getOrDefault(keys.measure(run), Long.MIN_VALUE);
                TreeSet<Long> starts = null;
                for (int i = keys.runFrom(run), end = keys.runFrom(run + 1); i < end; i++) {
                    if (keys.start(i) >= watermark) {
                        if (starts == null) {
                            starts = acked.computeIfAbsent(keys.measure(run), k -> new HashMap<>())
                                    .computeIfAbsent(keys.scope(run), k -> new TreeSet<>());
                        }
                        starts.add(keys.start(i));
                    }
                }
            }
        }
        for (IntervalKeys keys : acknowledged) {
            for (MeasureWatermark mark : keys.watermarks()) {
                Map<String, TreeSet<Long>> byScope = acked.get(mark.getMeasureId());
                if (byScope != null) {
                    long watermark = ackedWatermarks.get(mark.getMeasureId());
                    byScope.values().forEach(starts -> starts.headSet(watermark).clear());
                }
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
