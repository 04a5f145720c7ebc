package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates one region's availability probes (the whole simulation) of each {@link EventKind#availabilityProbe()
 * probe kind} measured there: the DCC WAN Gateway Interface ({@code CSPx/PM6.2}) in every region, the DSP interfaces
 * ({@code DSP/PM2.1} to {@code PM2.5}, {@code PM2.7}) and the Access Nodes ({@code CSPN/PM6.3}) in NORTH. Each kind
 * is an interface of its own, with its own outages and maintenance windows (seeded by kind; the PM6.2 probes keep the
 * labels they had before the other kinds existed, so their truth is unchanged). Per kind, a probe every
 * {@value #PROBE_EVERY_SECONDS} s (the gateway interfaces) or {@value #OTHER_PROBES_EVERY_SECONDS} s (the DSP
 * interfaces and Access Nodes: seven interfaces on one port at 10 s would add two million events a month to the
 * NORTH journal) of the rig's clock from the simulation's start (whole seconds) until the end of
 * generation, each answered, failed or lost depending on whether the interface is in one of the region's outage
 * windows at the probe's start.
 *
 * <p>Outage windows per region: one starting exactly at the period's start, one inside the first scheduled maintenance
 * window, one overrunning the second, one crossing the month end, one too short for any probe to see, and a few at
 * random (minutes to hours). Scheduled maintenance windows ({@link #maintenanceWindows}) are a notice the DCC imports,
 * not something a probe sees. Outside outages a probe is answered well within the timeout, but a few are lost, answered
 * exactly at the timeout (up) or just after it (down): the probe rule, not the outage windows, is the truth.
 *
 * <p>Probes are not hub-bound: recorded under scope {@link HubVariant#SKU1}. Deterministic from the scenario's seed.
 */
final class AvailabilityGenerator {
    /** The probe interval of the DCC WAN Gateway Interfaces, and the bound on every probe timeout. */
    static final long PROBE_EVERY_SECONDS = 10;
    /** The probe interval of the DSP interfaces and the CSPN Access Nodes (a multiple of the 10 s). */
    static final long OTHER_PROBES_EVERY_SECONDS = 60;
    private static final long LABEL_PROBES = 15;
    private static final long LABEL_OUTAGES = 16;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long MS = 1_000_000L;
    private static final int RANDOM_OUTAGES = 3;
    /** One probe in this many, outside outages, meets an edge case (lost, answered at the timeout or just after). */
    private static final int BLIP_ONE_IN = 3_000;

    private final RigScenario scenario;
    private final RigWindow window;

    AvailabilityGenerator(RigScenario scenario, RigWindow window) {
        this.scenario = scenario;
        this.window = window;
    }

    /**
     * The scheduled maintenance windows of a region, {@code [start, end)} in UTC epoch nanoseconds, on whole minutes:
     * day 8 02:00 to 04:00 and day 15 01:00 to 02:00 of the period (offsets from its start), plus one at random.
     */
    static List<long[]> maintenanceWindows(RigScenario scenario, RigWindow window, Region region, EventKind kind) {
        long start = window.periodStartEpochNanos();
        List<long[]> windows = new ArrayList<>();
        windows.add(new long[] {start + 7 * DAY + 2 * HOUR, start + 7 * DAY + 4 * HOUR});
        windows.add(new long[] {start + 14 * DAY + HOUR, start + 14 * DAY + 2 * HOUR});
        SplitMix64 random = new SplitMix64(seed(scenario, LABEL_OUTAGES, region, kind, 1));
        long from = start + 20 * DAY + random.nextLong(5 * 24 * 60) * MINUTE;
        windows.add(new long[] {from, from + (30 + random.nextLong(150)) * MINUTE});
        return windows;
    }

    /** The interface outage windows of a region, {@code [start, end)} in UTC epoch nanoseconds, possibly overlapping. */
    static List<long[]> outageWindows(RigScenario scenario, RigWindow window, Region region, EventKind kind) {
        long periodStart = window.periodStartEpochNanos();
        long periodEnd = window.periodEndEpochNanos();
        SplitMix64 random = new SplitMix64(seed(scenario, LABEL_OUTAGES, region, kind, 2));
        List<long[]> outages = new ArrayList<>();
        outages.add(new long[] {periodStart, periodStart + 7 * MINUTE + random.nextLong(600) * SECOND});
        long inside = periodStart + 7 * DAY + 2 * HOUR + 20 * MINUTE + random.nextLong(1_000_000) * 1_000;
        outages.add(new long[] {inside, inside + 40 * MINUTE});
        long overrun = periodStart + 14 * DAY + HOUR + 40 * MINUTE + random.nextLong(60_000) * MS;
        outages.add(new long[] {overrun, periodStart + 14 * DAY + 2 * HOUR + 35 * MINUTE});
        outages.add(new long[] {periodEnd - 25 * MINUTE - random.nextLong(600) * SECOND,
                periodEnd + 17 * MINUTE + random.nextLong(300_000) * MS});
        long unseen = periodStart + 3 * DAY + 5 * SECOND / 2;
        outages.add(new long[] {unseen, unseen + 4 * SECOND});
        for (int i = 0; i < RANDOM_OUTAGES; i++) {
            long start = periodStart + DAY + random.nextLong((periodEnd - periodStart - 3 * DAY) / MS) * MS;
            long length = 2 * MINUTE + random.nextLong(3 * HOUR / MS) * MS;
            outages.add(new long[] {start, start + length});
        }
        return outages;
    }

    /**
     * The seed of a kind's random choices in a region: the PM6.2 probes keep the labels of the time they were the only
     * probes; every other kind adds its ordinal.
     */
    private static long seed(RigScenario scenario, long label, Region region, EventKind kind, long... more) {
        long[] labels = new long[2 + more.length + (kind == EventKind.AVAILABILITY_PROBE ? 0 : 1)];
        labels[0] = label;
        labels[1] = region.ordinal();
        System.arraycopy(more, 0, labels, 2, more.length);
        if (kind != EventKind.AVAILABILITY_PROBE) {
            labels[labels.length - 1] = 1_000 + kind.ordinal();
        }
        return SplitMix64.derive(scenario.seed(), labels);
    }

    /** The probe kinds measured in a region, in kind order. */
    static List<EventKind> probeKinds(Region region) {
        List<EventKind> kinds = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            if (kind.availabilityProbe() && kind.measuredIn(region)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** Adds the probes of every probe kind measured in the region, kind after kind. */
    void generate(Region region, RegionEvents.Builder events) {
        for (EventKind kind : probeKinds(region)) {
            generate(region, kind, events);
        }
    }

    private void generate(Region region, EventKind kind, RegionEvents.Builder events) {
        long trt = scenario.trtNanos(kind);
        List<long[]> outages = outageWindows(scenario, window, region, kind);
        SplitMix64 random = new SplitMix64(seed(scenario, LABEL_PROBES, region, kind));
        long every = (kind == EventKind.AVAILABILITY_PROBE ? PROBE_EVERY_SECONDS : OTHER_PROBES_EVERY_SECONDS) * SECOND;
        long answerBound = Math.min(trt, every) / 2 / MS;
        for (long start = window.simulationStartEpochNanos(); start < window.generationEndEpochNanos(); start += every) {
            if (down(outages, start)) {
                if (random.nextDouble() < 0.5) {
                    events.addLost(kind, HubVariant.SKU1, start);
                } else {
                    events.addEnded(kind, HubVariant.SKU1, start, start + (1 + random.nextLong(answerBound)) * MS, false);
                }
                continue;
            }
            long blip = random.nextLong(BLIP_ONE_IN);
            if (blip == 0) {
                events.addLost(kind, HubVariant.SKU1, start);
            } else if (blip == 1) {
                events.addEnded(kind, HubVariant.SKU1, start, start + trt, true);
            } else if (blip == 2 && trt + MS < every) {
                events.addEnded(kind, HubVariant.SKU1, start, start + trt + MS, true);
            } else {
                events.addEnded(kind, HubVariant.SKU1, start, start + (1 + random.nextLong(answerBound)) * MS, true);
            }
        }
    }

    private static boolean down(List<long[]> outages, long epochNanos) {
        for (long[] outage : outages) {
            if (epochNanos >= outage[0] && epochNanos < outage[1]) {
                return true;
            }
        }
        return false;
    }
}
