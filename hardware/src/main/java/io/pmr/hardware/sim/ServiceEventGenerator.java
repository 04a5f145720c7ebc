package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

/**
 * Generates one region's DSP-style service request and response timings (the whole simulation): for each
 * kind that is neither classic nor per-device nor an availability probe (DSP/PM1.1 to PM1.5), Poisson starts seen by this region's
 * port (each event by exactly one port; the measure is not regional), latencies from a {@link LatencyModel},
 * and the edge cases: starts at the month's edges and latencies of exactly TRT-1ms, TRT and TRT+1ms.
 * Service events are not hub-bound: they are recorded under scope {@link HubVariant#SKU1}.
 */
final class ServiceEventGenerator {
    private static final long LABEL_SERVICE = 12;
    private static final long LABEL_SERVICE_EDGES = 13;
    private static final long MICRO = 1_000L;
    private static final long ONE_MS = 1_000_000L;
    /** Mean gap between starts of one kind on one region's port. */
    static final long MEAN_GAP_MICROS = 30L * 60 * 1_000_000;
    private static final int TRT_EDGE_REPEATS = 2;
    private static final LatencyModel MODEL = LatencyModel.of(0.012, 0.003);

    private final RigScenario scenario;
    private final RigWindow window;

    ServiceEventGenerator(RigScenario scenario, RigWindow window) {
        this.scenario = scenario;
        this.window = window;
    }

    /** Whether a kind is one of the service kinds this generator makes. */
    static boolean serviceKind(EventKind kind) {
        return !kind.classic() && !kind.perDevice() && !kind.availabilityProbe() && !kind.smki();
    }

    void generate(Region region, RegionEvents.Builder events) {
        for (EventKind kind : EventKind.every()) {
            if (!serviceKind(kind)) {
                continue;
            }
            long trt = scenario.trtNanos(kind);
            SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_SERVICE, region.ordinal(), kind.ordinal()));
            long spanMicros = (window.generationEndEpochNanos() - window.simulationStartEpochNanos()) / MICRO;
            double offsetMicros = random.nextExponential(MEAN_GAP_MICROS);
            while (offsetMicros < spanMicros) {
                long start = window.simulationStartEpochNanos() + (long) offsetMicros * MICRO;
                EventGenerator.addSampled(events, random, MODEL, kind, HubVariant.SKU1, start, trt);
                offsetMicros += random.nextExponential(MEAN_GAP_MICROS);
            }
            SplitMix64 edges = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_SERVICE_EDGES, region.ordinal(), kind.ordinal()));
            long periodStart = window.periodStartEpochNanos();
            long periodEnd = window.periodEndEpochNanos();
            for (long start : new long[] {periodStart - ONE_MS, periodStart, periodEnd - ONE_MS, periodEnd}) {
                EventGenerator.addSampled(events, edges, MODEL, kind, HubVariant.SKU1, start, trt);
            }
            long periodMicros = (periodEnd - periodStart) / MICRO;
            for (long offset = -ONE_MS; offset <= ONE_MS; offset += ONE_MS) {
                for (int i = 0; i < TRT_EDGE_REPEATS; i++) {
                    long start = periodStart + edges.nextLong(periodMicros) * MICRO;
                    events.addEnded(kind, HubVariant.SKU1, start, start + trt + offset, true);
                }
            }
        }
    }
}
