package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;

import java.time.Duration;
import java.time.YearMonth;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulated rig runs: a seed, a number of hubs, the report month and the TRT of each kind of
 * event. Two rigs from equal scenarios generate the same observations and the same truth, bit for bit.
 *
 * @param seed   seeds every random choice of the rig
 * @param hubs   number of hubs, at least 3 and at most {@value #MAX_HUBS}, split evenly across the three
 *               regions, the remainder going to NORTH first, then CENTRAL
 * @param period the report month (a calendar month in Europe/London), between 2000-01 and 2200-12
 * @param trts   the TRT of every {@link EventKind}, each longer than 1 ms (so that the TRT-1ms edge case
 *               is a positive latency) and at most {@value #MAX_TRT_DAYS} days; copied, unmodifiable
 */
public record RigScenario(long seed, int hubs, YearMonth period, Map<EventKind, Duration> trts) {
    /** Upper bound on hubs: each hub makes about a thousand events a month, kept in memory. */
    public static final int MAX_HUBS = 10_000;
    /** Upper bound on a TRT, in days. */
    public static final int MAX_TRT_DAYS = 31;

    private static final YearMonth FIRST_PERIOD = YearMonth.of(2000, 1);
    private static final YearMonth LAST_PERIOD = YearMonth.of(2200, 12);

    public RigScenario {
        if (hubs < 3 || hubs > MAX_HUBS) {
            throw new IllegalArgumentException("hubs must be between 3 and " + MAX_HUBS + " (at least one per region), got " + hubs);
        }
        if (period == null) {
            throw new IllegalArgumentException("period must not be null");
        }
        if (period.isBefore(FIRST_PERIOD) || period.isAfter(LAST_PERIOD)) {
            throw new IllegalArgumentException("period must be between " + FIRST_PERIOD + " and " + LAST_PERIOD + ", got " + period);
        }
        if (trts == null) {
            throw new IllegalArgumentException("trts must not be null");
        }
        EnumMap<EventKind, Duration> copy = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.all()) {
            Duration trt = trts.get(kind);
            if (trt == null) {
                throw new IllegalArgumentException("trts has no TRT for " + kind);
            }
            if (trt.compareTo(Duration.ofMillis(1)) <= 0 || trt.compareTo(Duration.ofDays(MAX_TRT_DAYS)) > 0) {
                throw new IllegalArgumentException("trts[" + kind + "] must be longer than 1 ms and at most "
                        + MAX_TRT_DAYS + " days, got " + trt);
            }
            copy.put(kind, trt);
        }
        trts = Collections.unmodifiableMap(copy);
    }

    /** Same as the constructor. */
    public static RigScenario of(long seed, int hubs, YearMonth period, Map<EventKind, Duration> trts) {
        return new RigScenario(seed, hubs, period, trts);
    }

    /** RTT2 22 h, RTT3 2 h, RTT4 25 s, CAT2 30 s, CAT3 60 s; unmodifiable. */
    public static Map<EventKind, Duration> defaultTrts() {
        return EventKind.defaultTrts();
    }

    /** The TRT of a kind in nanoseconds. */
    public long trtNanos(EventKind kind) {
        return trts.get(Objects.requireNonNull(kind, "kind")).toNanos();
    }

    /** How many of the hubs are in a region. */
    public int hubsIn(Region region) {
        int remainder = hubs % 3;
        return hubs / 3 + (region.ordinal() < remainder ? 1 : 0);
    }
}
