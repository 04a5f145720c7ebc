package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The measures an agent records: for each {@link EventKind} with a configured TRT and a measure in the
 * port's region ({@link EventKind#measuredIn}), its catalogue id there and its TRT. Immutable; index lookups by {@code kind.ordinal()} so the record path
 * does no map lookup.
 */
public final class Measures {
    private final Region region;
    private final String[] measureIds;
    private final long[] trtNanos;

    public Measures(Region region, Map<EventKind, Duration> trts) {
        this.region = Objects.requireNonNull(region, "region");
        EventKind[] kinds = EventKind.every();
        measureIds = new String[kinds.length];
        trtNanos = new long[kinds.length];
        for (EventKind kind : kinds) {
            Duration trt = trts.get(kind);
            if (trt != null && kind.measuredIn(region)) {
                measureIds[kind.ordinal()] = kind.measureId(region);
                trtNanos[kind.ordinal()] = trt.toNanos();
            }
        }
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

    /** The TRT in nanoseconds; 0 when the kind is not measured. */
    public long trtNanos(EventKind kind) {
        return trtNanos[kind.ordinal()];
    }

    public long trtMillis(EventKind kind) {
        return trtNanos[kind.ordinal()] / 1_000_000L;
    }
}
