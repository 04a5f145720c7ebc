package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive second opinion on the truth: correlates starts and ends of one port with a
 * HashMap, takes its own TRT verdicts and its own period attribution (a ZonedDateTime per event).
 */
final class RecountListener implements HanListener {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private record Pending(EventKind kind, long startEpochNanos) {
    }

    /** One latency seen, for tests that look for particular ones. */
    record Ended(EventKind kind, long startEpochNanos, long latencyNanos, boolean success) {
    }

    private final Region region;
    private final Map<EventKind, Long> trtNanos;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, Boolean> seenIds = new HashMap<>();
    /** measure id -> period -> {events, within, lost, failed, late}. */
    private final Map<String, Map<YearMonth, long[]>> counts;
    final List<Ended> ended = new ArrayList<>();
    final List<Pending> starts = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    RecountListener(Region region, RigScenario scenario, Map<String, Map<YearMonth, long[]>> sharedCounts) {
        this.region = region;
        this.trtNanos = new HashMap<>();
        scenario.trts().forEach((kind, trt) -> trtNanos.put(kind, trt.toNanos()));
        this.counts = sharedCounts;
    }

    static YearMonth periodOf(long epochNanos) {
        return YearMonth.from(Instant.ofEpochSecond(0, epochNanos).atZone(LONDON));
    }

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        if (seenIds.put(messageId, Boolean.TRUE) != null) {
            errors.add(region + " message id " + messageId + " started twice");
        }
        Pending start = new Pending(kind, startEpochNanos);
        pending.put(messageId, start);
        starts.add(start);
        count(kind, startEpochNanos)[0]++;
    }

    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        Pending start = pending.remove(messageId);
        if (start == null) {
            errors.add(region + " end of message " + messageId + " without a pending start");
            return;
        }
        long latencyNanos = endEpochNanos - start.startEpochNanos();
        ended.add(new Ended(start.kind(), start.startEpochNanos(), latencyNanos, success));
        long[] count = count(start.kind(), start.startEpochNanos());
        if (latencyNanos > trtNanos.get(start.kind())) {
            count[4]++;
        } else if (success) {
            count[1]++;
        } else {
            count[3]++;
        }
    }

    /** Counts every start still without end as lost; call once, after the whole run. */
    void finish() {
        for (Pending start : pending.values()) {
            count(start.kind(), start.startEpochNanos())[2]++;
        }
        pending.clear();
    }

    List<Pending> startsAt(long epochNanos, EventKind kind) {
        return starts.stream().filter(s -> s.startEpochNanos() == epochNanos && s.kind() == kind).toList();
    }

    private long[] count(EventKind kind, long startEpochNanos) {
        return counts.computeIfAbsent(kind.measureId(region), id -> new TreeMap<>())
                .computeIfAbsent(periodOf(startEpochNanos), p -> new long[5]);
    }

    /** Attaches a recount to every port of a rig, runs it to the end, and returns the recount per port. */
    static Map<Region, RecountListener> runWholeRig(SimulatedRig rig, Map<String, Map<YearMonth, long[]>> counts) {
        Map<Region, RecountListener> listeners = new TreeMap<>();
        for (Region region : Region.values()) {
            RecountListener listener = new RecountListener(region, rig.scenario(), counts);
            rig.port(region).attach(listener);
            listeners.put(region, listener);
        }
        rig.advanceTo(rig.simulationEndEpochNanos());
        listeners.values().forEach(RecountListener::finish);
        return listeners;
    }

    /** The recount as truth rows, for comparing whole rows at once. */
    static List<TruthRow> rows(Map<String, Map<YearMonth, long[]>> counts, YearMonth period) {
        List<TruthRow> rows = new ArrayList<>();
        new TreeMap<>(counts).forEach((measureId, byPeriod) -> {
            long[] c = byPeriod.get(period);
            if (c != null) {
                rows.add(new TruthRow(measureId, period, c[0], c[1], c[2], c[3], c[4]));
            }
        });
        return rows;
    }
}
