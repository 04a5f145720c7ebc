package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.TrtRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The measures an agent records: for each {@link EventKind} with a configured TRT and a measure in the
 * port's region ({@link EventKind#measuredIn}), its catalogue id there and its TRT: a fixed duration, or a
 * {@link TrtRule} whose deadline is per event (a UK wall-clock deadline) or that counts only events started in service
 * hours ({@link #rule}). Index lookups by
 * {@code kind.ordinal()} so the record path does no map lookup.
 *
 * <p>TRTs may change while the agent runs (the collector's {@code AgentConfig}, {@link #schedule}): a change takes
 * effect from an instant on the port's clock, and every lookup names the instant it is for (an event's start, an
 * interval's start), so an event keeps the TRT in force when it started and one interval never mixes two TRTs. The
 * set of measured kinds and their ids never change.
 *
 * <p>Threading: lookups from any thread (one volatile read of an immutable schedule); {@link #schedule} from one
 * thread at a time (the agent's measuring thread).
 */
public final class Measures {
    private final Region region;
    private final String[] measureIds;
    /** The TRTs in force, oldest first; replaced, never modified, by {@link #schedule}. */
    private volatile Schedule schedule;

    /**
     * TRT tables and the instants from which each is in force: {@code trtNanos[i]} from {@code fromEpochNanos[i]}
     * (ascending; the first is {@link Long#MIN_VALUE}) until the next. {@code rules[i][kind]} is the kind's rule when it
     * is not a plain duration (a wall-clock deadline or an hours condition), else null; its {@code trtNanos} is then
     * the rule's duration, or 0 for a wall-clock deadline.
     */
    private record Schedule(long[] fromEpochNanos, long[][] trtNanos, TrtRule[][] rules, boolean[] ruled,
                            long latestFromEpochNanos, long[] latestPlainTrtNanos) {
        /**
         * {@code ruled}: whether any table gives the kind a rule (a kind that never had one skips the search).
         * {@code latestPlainTrtNanos}: per kind, the latest table's answer to {@link #plainTrtNanos} (the plain TRT, or
         * -1 for a rule), in force from {@code latestFromEpochNanos}: the record path's starts are nearly all in the
         * latest table, and take their TRT with one comparison and one array read.
         */
        Schedule(long[] fromEpochNanos, long[][] trtNanos, TrtRule[][] rules) {
            this(fromEpochNanos, trtNanos, rules, ruled(rules), fromEpochNanos[fromEpochNanos.length - 1],
                    latestPlain(trtNanos[trtNanos.length - 1], rules[rules.length - 1]));
        }

        private static long[] latestPlain(long[] trtNanos, TrtRule[] rules) {
            long[] plain = trtNanos.clone();
            for (int k = 0; k < plain.length; k++) {
                if (rules[k] != null) {
                    plain[k] = -1;
                }
            }
            return plain;
        }

        private static boolean[] ruled(TrtRule[][] rules) {
            boolean[] ruled = new boolean[rules[0].length];
            for (TrtRule[] table : rules) {
                for (int k = 0; k < table.length; k++) {
                    ruled[k] |= table[k] != null;
                }
            }
            return ruled;
        }

        int latestIndex() {
            return trtNanos.length - 1;
        }

        int indexAt(long epochNanos) {
            for (int i = fromEpochNanos.length - 1; i > 0; i--) {
                if (epochNanos >= fromEpochNanos[i]) {
                    return i;
                }
            }
            return 0;
        }
    }

    /** A TRT that {@link #schedule} changed: the measure, its TRT rule before and after. */
    public record Change(String measureId, TrtRule before, TrtRule after) {
    }

    /** Measures of the kinds with a fixed TRT in {@code trts}. */
    public Measures(Region region, Map<EventKind, Duration> trts) {
        this(region, trts, Map.of());
    }

    /**
     * @param trts  the fixed TRT of each measured kind
     * @param rules the TRT rule of each measured kind whose TRT is not a plain duration (a wall-clock deadline or an
     *              hours condition); it wins over the kind's entry in {@code trts}
     */
    public Measures(Region region, Map<EventKind, Duration> trts, Map<EventKind, TrtRule> rules) {
        this.region = Objects.requireNonNull(region, "region");
        EventKind[] kinds = EventKind.every();
        measureIds = new String[kinds.length];
        long[] trtNanos = new long[kinds.length];
        TrtRule[] kindRules = new TrtRule[kinds.length];
        for (EventKind kind : kinds) {
            Duration trt = trts.get(kind);
            TrtRule rule = rules.get(kind);
            if ((trt == null && rule == null) || !kind.measuredIn(region)) {
                continue;
            }
            measureIds[kind.ordinal()] = kind.measureId(region);
            if (rule != null && !rule.isFixed()) {
                kindRules[kind.ordinal()] = rule;
                trtNanos[kind.ordinal()] = nanosOf(rule);
            } else {
                trtNanos[kind.ordinal()] = (rule != null ? rule.duration() : trt).toNanos();
            }
        }
        schedule = new Schedule(new long[] {Long.MIN_VALUE}, new long[][] {trtNanos}, new TrtRule[][] {kindRules});
    }

    /** The TRT nanos a rule's interval reports and configs carry: its duration, 0 for a wall-clock deadline. */
    private static long nanosOf(TrtRule rule) {
        return rule.duration() == null ? 0 : rule.duration().toNanos();
    }

    public Region region() {
        return region;
    }

    /** Whether events of this kind are measured (a TRT is configured). */
    public boolean measured(EventKind kind) {
        return measureIds[kind.ordinal()] != null;
    }

    /** The catalogue id, e.g. {@code CSPN/PM4.3}; null when the kind is not measured. */
    public String measureId(EventKind kind) {
        return measureIds[kind.ordinal()];
    }

    /**
     * The latest TRT in nanoseconds (the one events starting from now on get); 0 when the kind is not measured. For a
     * kind with a {@link #rule rule} the rule's duration, or 0 for a wall-clock deadline.
     */
    public long trtNanos(EventKind kind) {
        Schedule current = schedule;
        return current.trtNanos()[current.latestIndex()][kind.ordinal()];
    }

    /** The TRT in nanoseconds of an event of this kind starting at the instant; 0 when the kind is not measured. */
    public long trtNanos(EventKind kind, long startEpochNanos) {
        Schedule current = schedule;
        return current.trtNanos()[current.indexAt(startEpochNanos)][kind.ordinal()];
    }

    /**
     * For the record path, one read of the schedule: the TRT in nanoseconds of an event of this kind starting at the
     * instant when it is a plain duration ({@link #trtNanos(EventKind, long)}), or -1 when the kind has a {@link #rule}
     * then (take the rule). 0 when the kind is not measured.
     */
    public long plainTrtNanos(EventKind kind, long startEpochNanos) {
        Schedule current = schedule;
        if (startEpochNanos >= current.latestFromEpochNanos()) {
            return current.latestPlainTrtNanos()[kind.ordinal()];
        }
        int index = current.indexAt(startEpochNanos);
        if (current.ruled()[kind.ordinal()] && current.rules()[index][kind.ordinal()] != null) {
            return -1;
        }
        return current.trtNanos()[index][kind.ordinal()];
    }

    /**
     * The rule of an event of this kind starting at the instant when it is not a plain duration (a wall-clock deadline
     * or an hours condition: {@code TSP/PM1.1}, {@code TSP/PM1.7}), else null (the fixed {@link #trtNanos} applies).
     */
    public TrtRule rule(EventKind kind, long startEpochNanos) {
        Schedule current = schedule;
        if (!current.ruled()[kind.ordinal()]) {
            return null;
        }
        return current.rules()[current.indexAt(startEpochNanos)][kind.ordinal()];
    }

    /** The latest rule of a kind when it is not a plain duration, else null. */
    public TrtRule rule(EventKind kind) {
        Schedule current = schedule;
        return current.rules()[current.latestIndex()][kind.ordinal()];
    }

    /** The latest TRT in milliseconds; 0 when the kind is not measured. */
    public long trtMillis(EventKind kind) {
        return trtNanos(kind) / 1_000_000L;
    }

    /** The TRT in milliseconds of events starting at the instant (an interval's start). */
    public long trtMillis(EventKind kind, long startEpochNanos) {
        return trtNanos(kind, startEpochNanos) / 1_000_000L;
    }

    /** {@link #schedule(Map, long)} of fixed TRTs. */
    public List<Change> scheduleFixed(Map<String, Duration> trtsByMeasureId, long fromEpochNanos) {
        Map<String, TrtRule> rules = new LinkedHashMap<>();
        trtsByMeasureId.forEach((id, trt) -> {
            if (trt.isNegative() || trt.isZero()) {
                throw new IllegalArgumentException("TRT of " + id + " is " + trt + ": not positive");
            }
            rules.put(id, TrtRule.of(trt));
        });
        return schedule(rules, fromEpochNanos);
    }

    /**
     * Makes new TRTs take effect for events starting at or after {@code fromEpochNanos}; earlier starts keep theirs.
     * Only measured kinds whose measure id is in {@code rulesByMeasureId} with another rule than the latest change;
     * other ids are ignored (the collector sends the whole catalogue). A {@code from} before the latest change's is
     * taken as that change's (a schedule only moves forward), and merges into it.
     *
     * @return the changes, in kind order; empty when nothing changed (then the schedule is left as it was)
     */
    public List<Change> schedule(Map<String, TrtRule> rulesByMeasureId, long fromEpochNanos) {
        Schedule current = schedule;
        int latestIndex = current.latestIndex();
        long[] latest = current.trtNanos()[latestIndex];
        TrtRule[] latestRules = current.rules()[latestIndex];
        long[] next = latest.clone();
        TrtRule[] nextRules = latestRules.clone();
        List<Change> changes = new ArrayList<>();
        for (int k = 0; k < measureIds.length; k++) {
            TrtRule rule = measureIds[k] == null ? null : rulesByMeasureId.get(measureIds[k]);
            if (rule == null) {
                continue;
            }
            TrtRule before = latestRules[k] != null ? latestRules[k] : TrtRule.of(Duration.ofNanos(latest[k]));
            if (!rule.equals(before)) {
                changes.add(new Change(measureIds[k], before, rule));
                nextRules[k] = rule.isFixed() ? null : rule;
                next[k] = rule.isFixed() ? rule.duration().toNanos() : nanosOf(rule);
            }
        }
        if (changes.isEmpty()) {
            return changes;
        }
        int last = current.fromEpochNanos().length - 1;
        long from = Math.max(fromEpochNanos, current.fromEpochNanos()[last]);
        if (last > 0 && from == current.fromEpochNanos()[last]) {
            long[][] trts = current.trtNanos().clone();
            TrtRule[][] rules = current.rules().clone();
            trts[last] = next;
            rules[last] = nextRules;
            schedule = new Schedule(current.fromEpochNanos(), trts, rules);
        } else {
            long[] froms = Arrays.copyOf(current.fromEpochNanos(), last + 2);
            long[][] trts = Arrays.copyOf(current.trtNanos(), last + 2);
            TrtRule[][] rules = Arrays.copyOf(current.rules(), last + 2);
            froms[last + 1] = from;
            trts[last + 1] = next;
            rules[last + 1] = nextRules;
            schedule = new Schedule(froms, trts, rules);
        }
        return changes;
    }
}
