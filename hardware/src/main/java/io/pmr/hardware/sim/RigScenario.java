package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.TrtRule;

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
 * <p>By default the rig makes the five {@link EventKind#classic() classic} kinds only. {@link
 * #withWholeSimulation()} adds the per-device kinds (Category 1 firmware payloads, power-outage alerts), the DSP
 * service timings and the availability probes (every 10 s per probed interface: {@code CSPx/PM6.2} per region,
 * {@code DSP/PM2.1} to {@code PM2.5}, {@code PM2.7} and {@code CSPN/PM6.3} from NORTH)
 * over a separate population of {@code deviceHubsPerRegion} hubs per region; the classic events, and their
 * truth, are the same with or without it.
 *
 * @param seed   seeds every random choice of the rig
 * @param hubs   number of hubs, at least 3 and at most {@value #MAX_HUBS}, split evenly across the three
 *               regions, the remainder going to NORTH first, then CENTRAL
 * @param period the report month (a calendar month in Europe/London), between 2000-01 and 2200-12
 * @param trts   the TRT of every classic {@link EventKind} (required) and of any per-device kind (optional:
 *               its {@link EventKind#defaultTrt()} placeholder when the whole simulation is on and it is
 *               missing), each longer than 1 ms (so that the TRT-1ms edge case is a positive latency) and at
 *               most {@value #MAX_TRT_DAYS} days ({@value #MAX_CONNECTIVITY_TRT_DAYS} for the SMWAN connectivity
 *               kinds); copied, unmodifiable
 * @param deviceHubsPerRegion 0 (the whole simulation off), or the number of hubs per region, {@value #MIN_DEVICE_HUBS} to {@value
 *               #MAX_DEVICE_HUBS}, that receive firmware payloads and lose power
 */
public record RigScenario(long seed, int hubs, YearMonth period, Map<EventKind, Duration> trts,
                          int deviceHubsPerRegion) {
    /**
     * Upper bound on hubs. Each hub makes about a thousand events a month, but the rig holds one day of them
     * at a time (about 3.3 million events, some 150 MB while a day is sorted, at this bound).
     */
    public static final int MAX_HUBS = 100_000;
    /** Upper bound on a TRT, in days. */
    public static final int MAX_TRT_DAYS = 31;
    /** Upper bound on the TRT of the SMWAN connectivity kinds (at install, 30 and 90 days), in days. */
    public static final int MAX_CONNECTIVITY_TRT_DAYS = 92;
    /** Upper bound on the per-device hub population of a region. */
    public static final int MAX_DEVICE_HUBS = 20_000;
    /** Lower bound on the per-device hub population of a region (room for the firmware edge cases). */
    public static final int MIN_DEVICE_HUBS = 10;
    /** The per-device population of {@link #withWholeSimulation()}: room for an outage of 5,000 hubs. */
    public static final int DEFAULT_DEVICE_HUBS = 6_000;

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
        if (deviceHubsPerRegion != 0 && (deviceHubsPerRegion < MIN_DEVICE_HUBS || deviceHubsPerRegion > MAX_DEVICE_HUBS)) {
            throw new IllegalArgumentException("deviceHubsPerRegion must be 0 (whole simulation off) or between "
                    + MIN_DEVICE_HUBS + " and "
                    + MAX_DEVICE_HUBS + ", got " + deviceHubsPerRegion);
        }
        EnumMap<EventKind, Duration> copy = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.every()) {
            Duration trt = trts.get(kind);
            if (trt == null && !kind.classic()) {
                if (deviceHubsPerRegion == 0) {
                    continue;
                }
                trt = kind.defaultTrt();
            }
            if (trt == null) {
                throw new IllegalArgumentException("trts has no TRT for " + kind);
            }
            int maxDays = connectivity(kind) ? MAX_CONNECTIVITY_TRT_DAYS : MAX_TRT_DAYS;
            if (trt.compareTo(Duration.ofMillis(1)) <= 0 || trt.compareTo(Duration.ofDays(maxDays)) > 0) {
                throw new IllegalArgumentException("trts[" + kind + "] must be longer than 1 ms and at most "
                        + maxDays + " days, got " + trt);
            }
            if (kind.availabilityProbe() && trt.getSeconds() >= AvailabilityGenerator.PROBE_EVERY_SECONDS) {
                throw new IllegalArgumentException("trts[" + kind + "] (the probe timeout) must be shorter than the "
                        + AvailabilityGenerator.PROBE_EVERY_SECONDS + " s between probes, got " + trt);
            }
            if (kind.smwanLevel() && trt.compareTo(Duration.ofHours(1)) >= 0) {
                throw new IllegalArgumentException("trts[" + kind + "] (the daily check's timeout) must be shorter than"
                        + " 1 hour, got " + trt);
            }
            copy.put(kind, trt);
        }
        trts = Collections.unmodifiableMap(copy);
    }

    /** The classic kinds only (the whole simulation off). */
    public RigScenario(long seed, int hubs, YearMonth period, Map<EventKind, Duration> trts) {
        this(seed, hubs, period, trts, 0);
    }

    /** The classic kinds only (the whole simulation off); same as the four-argument constructor. */
    public static RigScenario of(long seed, int hubs, YearMonth period, Map<EventKind, Duration> trts) {
        return new RigScenario(seed, hubs, period, trts);
    }

    /** This scenario with the per-device kinds on, over {@value #DEFAULT_DEVICE_HUBS} hubs per region. */
    public RigScenario withWholeSimulation() {
        return withWholeSimulation(DEFAULT_DEVICE_HUBS);
    }

    /** This scenario with the per-device kinds on, over {@code deviceHubsPerRegion} hubs per region. */
    public RigScenario withWholeSimulation(int deviceHubsPerRegion) {
        if (deviceHubsPerRegion < MIN_DEVICE_HUBS) {
            throw new IllegalArgumentException("deviceHubsPerRegion must be at least " + MIN_DEVICE_HUBS + ", got "
                    + deviceHubsPerRegion);
        }
        return new RigScenario(seed, hubs, period, trts, deviceHubsPerRegion);
    }

    private static boolean connectivity(EventKind kind) {
        return kind.smwanConnectivity();
    }

    /** Whether the per-device kinds are generated. */
    public boolean wholeSimulation() {
        return deviceHubsPerRegion > 0;
    }

    /** Whether the rig generates events of this kind: classic kinds always, the others with the whole simulation. */
    public boolean generates(EventKind kind) {
        return kind.classic() || wholeSimulation();
    }

    /** RTT2 22 h, RTT3 2 h, RTT4 25 s, CAT2 30 s, CAT3 60 s; unmodifiable. */
    public static Map<EventKind, Duration> defaultTrts() {
        return EventKind.defaultTrts();
    }

    /** The TRT of a kind in nanoseconds (a kind not in {@link #trts()}: its default TRT). */
    public long trtNanos(EventKind kind) {
        Duration trt = trts.get(Objects.requireNonNull(kind, "kind"));
        return (trt == null ? kind.defaultTrt() : trt).toNanos();
    }

    /**
     * The rule the rig times a kind's events by: {@link #trtNanos} as a fixed TRT, except for an {@link EventKind#smki()
     * SMKI kind} whose shipped rule ({@link EventKind#defaultRule()}) has a wall-clock deadline (kept as it is) or an
     * hours condition (kept, with this scenario's duration): the rig applies the shipped conditions, a catalogue
     * changes a duration only.
     */
    public TrtRule rule(EventKind kind) {
        return rule(kind, trtNanos(kind));
    }

    /** {@link #rule(EventKind)} of a kind timed with the given TRT in nanoseconds. */
    static TrtRule rule(EventKind kind, long trtNanos) {
        TrtRule shipped = kind.defaultRule();
        if (shipped.byLocalTime() != null) {
            return shipped;
        }
        return new TrtRule(Duration.ofNanos(trtNanos), null, shipped.hours());
    }

    /** How many of the hubs are in a region. */
    public int hubsIn(Region region) {
        int remainder = hubs % 3;
        return hubs / 3 + (region.ordinal() < remainder ? 1 : 0);
    }
}
