package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The measures an agent records: for each {@link EventKind} with a configured TRT and a measure in the
 * port's region ({@link EventKind#measuredIn}), its catalogue id there and its TRT. Index lookups by
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
     * (ascending; the first is {@link Long#MIN_VALUE}) until the next.
     */
    private record Schedule(long[] fromEpochNanos, long[][] trtNanos) {
        long[] latest() {
            return trtNanos[trtNanos.length - 1];
        }

        long[] at(long epochNanos) {
            for (int i = fromEpochNanos.length - 1; i > 0; i--) {
                if (epochNanos >= fromEpochNanos[i]) {
                    return trtNanos[i];
                }
            }
            return trtNanos[0];
        }
    }

    /** A TRT that {@link #schedule} changed: the measure, its TRT before and after. */
    public record Change(String measureId, Duration before, Duration after) {
    }

    public Measures(Region region, Map<EventKind, Duration> trts) {
        this.region = Objects.requireNonNull(region, "region");
        EventKind[] kinds = EventKind.every();
        measureIds = new String[kinds.length];
        long[] trtNanos = new long[kinds.length];
        for (EventKind kind : kinds) {
            Duration trt = trts.get(kind);
            if (trt != null && kind.measuredIn(region)) {
                measureIds[kind.ordinal()] = kind.measureId(region);
                trtNanos[kind.ordinal()] = trt.toNanos();
            }
        }
        schedule = new Schedule(new long[] {Long.MIN_VALUE}, new long[][] {trtNanos});
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

    /** The latest TRT in nanoseconds (the one events starting from now on get); 0 when the kind is not measured. */
    public long trtNanos(EventKind kind) {
        return schedule.latest()[kind.ordinal()];
    }

    /** The TRT in nanoseconds of an event of this kind starting at the instant; 0 when the kind is not measured. */
    public long trtNanos(EventKind kind, long startEpochNanos) {
        return schedule.at(startEpochNanos)[kind.ordinal()];
    }

    /** The latest TRT in milliseconds; 0 when the kind is not measured. */
    public long trtMillis(EventKind kind) {
        return trtNanos(kind) / 1_000_000L;
    }

    /** The TRT in milliseconds of events starting at the instant (an interval's start). */
    public long trtMillis(EventKind kind, long startEpochNanos) {
        return trtNanos(kind, startEpochNanos) / 1_000_000L;
    }

    /**
     * Makes new TRTs take effect for events starting at or after {@code fromEpochNanos}; earlier starts keep theirs.
     * Only measured kinds whose measure id is in {@code trtsByMeasureId} with another TRT than the latest change;
     * other ids are ignored (the collector sends the whole catalogue). A {@code from} before the latest change's is
     * taken as that change's (a schedule only moves forward), and merges into it.
     *
     * @return the changes, in kind order; empty when nothing changed (then the schedule is left as it was)
     * @throws IllegalArgumentException if a TRT is not positive or does not fit a long of nanoseconds
     */
    public List<Change> schedule(Map<String, Duration> trtsByMeasureId, long fromEpochNanos) {
        Schedule current = schedule;
        long[] latest = current.latest();
        long[] next = latest.clone();
        List<Change> changes = new ArrayList<>();
        for (int k = 0; k < measureIds.length; k++) {
            Duration trt = measureIds[k] == null ? null : trtsByMeasureId.get(measureIds[k]);
            if (trt == null) {
                continue;
            }
            if (trt.isNegative() || trt.isZero()) {
                throw new IllegalArgumentException("TRT of " + measureIds[k] + " is " + trt + ": not positive");
            }
            long nanos = trt.toNanos();
            if (nanos != latest[k]) {
                changes.add(new Change(measureIds[k], Duration.ofNanos(latest[k]), trt));
                next[k] = nanos;
            }
        }
        if (changes.isEmpty()) {
            return changes;
        }
        int last = current.fromEpochNanos().length - 1;
        long from = Math.max(fromEpochNanos, current.fromEpochNanos()[last]);
        if (last > 0 && from == current.fromEpochNanos()[last]) {
            long[][] trts = current.trtNanos().clone();
            trts[last] = next;
            schedule = new Schedule(current.fromEpochNanos(), trts);
        } else {
            long[] froms = Arrays.copyOf(current.fromEpochNanos(), last + 2);
            long[][] trts = Arrays.copyOf(current.trtNanos(), last + 2);
            froms[last + 1] = from;
            trts[last + 1] = next;
            schedule = new Schedule(froms, trts);
        }
        return changes;
    }
}
