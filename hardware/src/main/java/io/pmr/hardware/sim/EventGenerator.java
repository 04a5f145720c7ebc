package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

/**
 * Generates one region's events from the scenario and the profile: Poisson starts per hub and kind,
 * latencies from the region's {@link LatencyModel}s, plus the deterministic edge cases (starts at the
 * month's edges in UK time, latencies of exactly TRT-1ms, TRT and TRT+1ms).
 *
 * <p>Every hub, kind and edge-case family draws from its own stream derived from the seed, so the
 * result depends only on the scenario and the profile, never on generation order. Starts and latencies
 * are whole microseconds; drawn latencies are at least 1 ms and at most the model's tail bound.
 */
final class EventGenerator {
    private static final long LABEL_VARIANT = 1;
    private static final long LABEL_POISSON = 2;
    private static final long LABEL_EDGES = 3;
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long MIN_LATENCY_MICROS = 1_000L;
    private static final long ONE_MS_NANOS = 1_000_000L;
    private static final long THIRTY_MINUTES_NANOS = 30L * 60 * 1_000_000_000L;

    private final RigScenario scenario;
    private final RigProfile profile;
    private final RigWindow window;

    EventGenerator(RigScenario scenario, RigProfile profile, RigWindow window) {
        this.scenario = scenario;
        this.profile = profile;
        this.window = window;
    }

    /** Each hub's variant, drawn from its own stream. */
    HubVariant[] variants(Region region) {
        int hubs = scenario.hubsIn(region);
        HubVariant[] variants = new HubVariant[hubs];
        for (int hub = 0; hub < hubs; hub++) {
            SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_VARIANT, region.ordinal(), hub));
            variants[hub] = random.nextDouble() < profile.sku2Share() ? HubVariant.SKU2 : HubVariant.SKU1;
        }
        return variants;
    }

    /**
     * Every event of a region at once, sorted (the whole month in memory). The rig streams instead
     * ({@link DayStream}, the same events a day at a time); this is the reference it is tested against.
     */
    RegionEvents generate(Region region) {
        HubVariant[] variants = variants(region);
        int hubs = variants.length;
        RegionEvents.Builder events = new RegionEvents.Builder(region);
        for (EventKind kind : EventKind.all()) {
            if (!kind.classic()) {
                continue;
            }
            for (int hub = 0; hub < hubs; hub++) {
                addPoissonStarts(events, region, hub, variants[hub], kind);
            }
            addEdgeCases(events, region, kind, variants);
        }
        if (scenario.wholeSimulation()) {
            new DeviceEventGenerator(scenario, window, profile.sku2Share()).generate(region, events);
            new ServiceEventGenerator(scenario, window).generate(region, events);
            new AvailabilityGenerator(scenario, window).generate(region, events);
            new SmwanLevelGenerator(scenario, window, profile.sku2Share()).generate(region, events);
            new SmkiEventGenerator(scenario, window).generate(region, events);
        }
        return events.build();
    }

    /**
     * The events that are not Poisson starts, in the order {@link #generate} adds them: the edge cases of each
     * classic kind in kind order, then (whole simulation) the per-device, service, availability, SMWAN level and SMKI
     * events.
     */
    RegionEvents.Builder extras(Region region, HubVariant[] variants) {
        RegionEvents.Builder events = new RegionEvents.Builder(region);
        for (EventKind kind : EventKind.all()) {
            if (kind.classic()) {
                addEdgeCases(events, region, kind, variants);
            }
        }
        if (scenario.wholeSimulation()) {
            new DeviceEventGenerator(scenario, window, profile.sku2Share()).generate(region, events);
            new ServiceEventGenerator(scenario, window).generate(region, events);
            new AvailabilityGenerator(scenario, window).generate(region, events);
            new SmwanLevelGenerator(scenario, window, profile.sku2Share()).generate(region, events);
            new SmkiEventGenerator(scenario, window).generate(region, events);
        }
        return events;
    }

    /**
     * One hub's Poisson starts of one kind, resumable: {@link #addUntil} adds the starts before an instant and
     * keeps the stream's state, so generating a day at a time draws exactly what {@link #generate} draws.
     */
    final class PoissonStream {
        private final SplitMix64 random;
        private final LatencyModel model;
        private final EventKind kind;
        private final HubVariant variant;
        private final long trtNanos;
        private final double meanGapMicros;
        private final long spanMicros;
        private double offsetMicros;

        PoissonStream(Region region, int hub, HubVariant variant, EventKind kind) {
            this.random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_POISSON, region.ordinal(), hub, kind.ordinal()));
            this.model = profile.latency(region, kind);
            this.kind = kind;
            this.variant = variant;
            this.trtNanos = scenario.trtNanos(kind);
            this.meanGapMicros = profile.meanGaps().get(kind).toNanos() / (double) NANOS_PER_MICRO;
            this.spanMicros = (window.generationEndEpochNanos() - window.simulationStartEpochNanos()) / NANOS_PER_MICRO;
            this.offsetMicros = random.nextExponential(meanGapMicros);
        }

        EventKind kind() {
            return kind;
        }

        /** Adds the stream's next starts that are before {@code endEpochNanos} (and before the generation end). */
        void addUntil(RegionEvents.Builder events, long endEpochNanos) {
            while (offsetMicros < spanMicros) {
                long startEpochNanos = window.simulationStartEpochNanos() + (long) offsetMicros * NANOS_PER_MICRO;
                if (startEpochNanos >= endEpochNanos) {
                    return;
                }
                addSampled(events, random, model, kind, variant, startEpochNanos, trtNanos);
                offsetMicros += random.nextExponential(meanGapMicros);
            }
        }
    }

    private void addPoissonStarts(RegionEvents.Builder events, Region region, int hub, HubVariant variant, EventKind kind) {
        SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_POISSON, region.ordinal(), hub, kind.ordinal()));
        LatencyModel model = profile.latency(region, kind);
        long trtNanos = scenario.trtNanos(kind);
        double meanGapMicros = profile.meanGaps().get(kind).toNanos() / (double) NANOS_PER_MICRO;
        long spanMicros = (window.generationEndEpochNanos() - window.simulationStartEpochNanos()) / NANOS_PER_MICRO;
        // Accumulate in floating point and truncate each start, so rounding never drifts the rate.
        double offsetMicros = random.nextExponential(meanGapMicros);
        while (offsetMicros < spanMicros) {
            long startEpochNanos = window.simulationStartEpochNanos() + (long) offsetMicros * NANOS_PER_MICRO;
            addSampled(events, random, model, kind, variant, startEpochNanos, trtNanos);
            offsetMicros += random.nextExponential(meanGapMicros);
        }
    }

    private void addEdgeCases(RegionEvents.Builder events, Region region, EventKind kind, HubVariant[] variants) {
        SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_EDGES, region.ordinal(), kind.ordinal()));
        LatencyModel model = profile.latency(region, kind);
        long trtNanos = scenario.trtNanos(kind);
        long periodStart = window.periodStartEpochNanos();
        long periodEnd = window.periodEndEpochNanos();
        long[] monthEdgeStarts = {periodStart - ONE_MS_NANOS, periodStart, periodStart + THIRTY_MINUTES_NANOS,
                periodEnd - ONE_MS_NANOS, periodEnd};
        for (long start : monthEdgeStarts) {
            HubVariant variant = variants[(int) random.nextLong(variants.length)];
            addSampled(events, random, model, kind, variant, start, trtNanos);
        }
        long periodMicros = (periodEnd - periodStart) / NANOS_PER_MICRO;
        for (long offsetNanos = -ONE_MS_NANOS; offsetNanos <= ONE_MS_NANOS; offsetNanos += ONE_MS_NANOS) {
            for (int i = 0; i < profile.trtEdgeRepeats(); i++) {
                HubVariant variant = variants[(int) random.nextLong(variants.length)];
                long start = periodStart + random.nextLong(periodMicros) * NANOS_PER_MICRO;
                events.addEnded(kind, variant, start, start + trtNanos + offsetNanos, true);
            }
        }
    }

    static void addSampled(RegionEvents.Builder events, SplitMix64 random, LatencyModel model, EventKind kind,
                                   HubVariant variant, long startEpochNanos, long trtNanos) {
        if (random.nextDouble() < model.lostShare()) {
            events.addLost(kind, variant, startEpochNanos);
            return;
        }
        double trtFraction;
        if (random.nextDouble() < model.tailShare()) {
            trtFraction = model.tailMinTrtFraction()
                    + (model.tailMaxTrtFraction() - model.tailMinTrtFraction()) * random.nextDouble();
        } else {
            trtFraction = model.medianTrtFraction() * StrictMath.exp(model.sigma() * random.nextGaussian());
        }
        trtFraction = Math.min(trtFraction, model.tailMaxTrtFraction());
        long latencyMicros = Math.max(MIN_LATENCY_MICROS, (long) (trtFraction * trtNanos / NANOS_PER_MICRO));
        boolean success = random.nextDouble() >= model.failedShare();
        events.addEnded(kind, variant, startEpochNanos, startEpochNanos + latencyMicros * NANOS_PER_MICRO, success);
    }
}
