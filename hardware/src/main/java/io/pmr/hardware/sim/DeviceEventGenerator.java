package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

/**
 * Generates one region's per-device events (the whole simulation) over its population of
 * {@link RigScenario#deviceHubsPerRegion()} hubs:
 * <ul>
 *   <li><b>Category 1 firmware payloads</b>: a share of the hubs is to receive one payload; its transfer
 *       lasts hours (lognormal, median {@value #FIRMWARE_MEDIAN_HOURS} h, a tail past the TRT), some attempts
 *       fail (an error end) or never end; after a failure some hubs get a second attempt. Every attempt of
 *       one payload carries the payload's group. Edge cases: a first attempt 2 h before the period's end
 *       (its deadline crosses the month end), a failure retried successfully, a lost attempt at the month's
 *       end retried in the next month, a failure never retried.</li>
 *   <li><b>Power outages</b>: Poisson in time, sizes heavy-tailed (Pareto, alpha {@value #OUTAGE_ALPHA}:
 *       most hit one or a few hubs, a few more than 50), plus one outage of up to {@value #BIG_OUTAGE_HUBS}
 *       hubs in NORTH and, in every region, an outage of 60 hubs one second before the period's end. Each hub
 *       raises a power-loss alert within 2 s of the outage, delivered within TRT, late, or never.</li>
 * </ul>
 * And first-time SMWAN connectivity of newly installed hubs (see {@link #addConnectivity}).
 * Every family draws from its own stream derived from the seed, so the classic events are unchanged.
 * Starts and latencies are whole microseconds.
 */
final class DeviceEventGenerator {
    private static final long LABEL_VARIANT = 1;
    private static final long LABEL_FIRMWARE = 10;
    private static final long LABEL_OUTAGES = 11;
    private static final long LABEL_CONNECTIVITY = 14;
    private static final EventKind[] CONNECTIVITY_KINDS = {EventKind.SMWAN_CONNECTION_30D, EventKind.SMWAN_CONNECTION_90D,
            EventKind.SMWAN_CONNECTION_AT_INSTALL};
    /** A region installs one new hub a month per this many hubs of its population. */
    private static final int CONNECT_INSTALLS_DIVISOR = 20;
    static final double CONNECT_MEDIAN_HOURS = 20.0;
    private static final double CONNECT_SIGMA = 1.5;
    private static final double CONNECT_TAIL_SHARE = 0.04;
    private static final double CONNECT_NEVER_SHARE = 0.01;
    private static final long MICRO = 1_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    static final double FIRMWARE_SHARE = 0.25;
    static final double FIRMWARE_MEDIAN_HOURS = 3.0;
    private static final double FIRMWARE_SIGMA = 0.6;
    private static final double FIRMWARE_TAIL_SHARE = 0.03;
    private static final double FIRMWARE_LOST_SHARE = 0.01;
    private static final double FIRMWARE_FAILED_SHARE = 0.05;
    private static final double FIRMWARE_RETRY_SHARE = 0.6;
    /** Hubs 0..3 carry the firmware edge cases; the random draw skips them. */
    private static final int FIRMWARE_EDGE_HUBS = 4;

    static final int OUTAGES_PER_REGION = 150;
    static final double OUTAGE_ALPHA = 1.1;
    static final int BIG_OUTAGE_HUBS = 5_000;
    private static final int MONTH_END_OUTAGE_HUBS = 60;
    private static final long ALERT_JITTER_MICROS = 2_000_000L;
    private static final double ALERT_LOST_SHARE = 0.02;
    private static final double ALERT_LATE_SHARE = 0.03;
    /** Outage group numbers start here, above every payload group (payload group = hub + 1). */
    static final int OUTAGE_GROUP_BASE = 1 << 24;

    private final RigScenario scenario;
    private final RigWindow window;
    private final double sku2Share;

    DeviceEventGenerator(RigScenario scenario, RigWindow window, double sku2Share) {
        this.scenario = scenario;
        this.window = window;
        this.sku2Share = sku2Share;
    }

    void generate(Region region, RegionEvents.Builder events) {
        int population = scenario.deviceHubsPerRegion();
        HubVariant[] variants = new HubVariant[population];
        for (int hub = 0; hub < population; hub++) {
            // The same stream as the classic generator's, so a hub has one variant whichever kind it sees.
            SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_VARIANT, region.ordinal(), hub));
            variants[hub] = random.nextDouble() < sku2Share ? HubVariant.SKU2 : HubVariant.SKU1;
        }
        addFirmware(region, events, variants);
        addOutages(region, events, variants);
        addConnectivity(region, events, population);
    }

    /**
     * Newly installed hubs (indices from the population up, so new device ids): install uniform over the
     * window, first SMWAN connection after a lognormal delay (median {@value #CONNECT_MEDIAN_HOURS} h) or a
     * tail of 20 to 120 days, or never. Each install is reported once per measure it feeds in the region (at
     * install, the 30-day and the 90-day kind), with the same hub, install and connection. Edge cases: an install an hour
     * before the period's end connecting 29 days later, installs connecting after exactly 30 days and
     * 30 days + 1 ms, and installs at the period's first instant and at the next month's first instant.
     */
    private void addConnectivity(Region region, RegionEvents.Builder events, int population) {
        SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_CONNECTIVITY, region.ordinal()));
        long spanMicros = (window.generationEndEpochNanos() - window.simulationStartEpochNanos()) / MICRO;
        int installs = Math.max(3, population / CONNECT_INSTALLS_DIVISOR);
        int hub = population;
        for (int i = 0; i < installs; i++, hub++) {
            long install = window.simulationStartEpochNanos() + random.nextLong(spanMicros) * MICRO;
            double outcome = random.nextDouble();
            long delay;
            if (outcome < CONNECT_NEVER_SHARE) {
                delay = -1;
            } else if (outcome < CONNECT_NEVER_SHARE + CONNECT_TAIL_SHARE) {
                delay = (20 * DAY) + random.nextLong((100 * DAY) / MICRO) * MICRO;
            } else {
                double hours = CONNECT_MEDIAN_HOURS * StrictMath.exp(CONNECT_SIGMA * random.nextGaussian());
                delay = Math.max(1_000L, Math.min((long) (hours * 3600e6), (120 * DAY) / MICRO)) * MICRO;
            }
            addInstall(region, events, hub, install, delay);
        }
        long periodStart = window.periodStartEpochNanos();
        long periodEnd = window.periodEndEpochNanos();
        addInstall(region, events, hub++, periodEnd - HOUR, 29 * DAY);
        addInstall(region, events, hub++, periodStart + 3 * DAY, 30 * DAY);
        addInstall(region, events, hub++, periodStart + 4 * DAY, 30 * DAY + 1_000_000L);
        // the month's edges for quarterly figures: an install at the period's first instant counts in it; one at the
        // next month's first instant never counts in a quarter to date reported for this month
        addInstall(region, events, hub++, periodStart, 2 * DAY);
        addInstall(region, events, hub, periodEnd, 2 * DAY);
    }

    private void addInstall(Region region, RegionEvents.Builder events, int hub, long install, long delay) {
        SplitMix64 variantRandom = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_VARIANT, region.ordinal(), hub));
        HubVariant variant = variantRandom.nextDouble() < sku2Share ? HubVariant.SKU2 : HubVariant.SKU1;
        for (EventKind kind : CONNECTIVITY_KINDS) {
            if (!kind.measuredIn(region)) {
                continue;
            }
            if (delay < 0) {
                events.addDeviceLost(kind, variant, hub, 0, install);
            } else {
                events.addDeviceEnded(kind, variant, hub, 0, install, install + delay, true);
            }
        }
    }

    private void addFirmware(Region region, RegionEvents.Builder events, HubVariant[] variants) {
        long trt = scenario.trtNanos(EventKind.CAT1_FIRMWARE_PAYLOAD);
        long span = window.generationEndEpochNanos() - window.simulationStartEpochNanos();
        for (int hub = FIRMWARE_EDGE_HUBS; hub < variants.length; hub++) {
            SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_FIRMWARE, region.ordinal(), hub));
            if (random.nextDouble() >= FIRMWARE_SHARE) {
                continue;
            }
            long start = window.simulationStartEpochNanos() + random.nextLong(span / MICRO) * MICRO;
            for (int attempt = 1; ; attempt++) {
                long failedAt = addAttempt(events, random, variants[hub], hub, start, trt);
                if (failedAt < 0 || attempt == 2 || random.nextDouble() >= FIRMWARE_RETRY_SHARE) {
                    break;
                }
                start = failedAt + (30 * MINUTE) + random.nextLong((5 * HOUR + 30 * MINUTE) / MICRO) * MICRO;
            }
        }
        long periodStart = window.periodStartEpochNanos();
        long periodEnd = window.periodEndEpochNanos();
        EventKind cat1 = EventKind.CAT1_FIRMWARE_PAYLOAD;
        // Deadline crosses the month end; completes in the next month, within TRT.
        events.addDeviceEnded(cat1, variants[0], 0, 1, periodEnd - 2 * HOUR, periodEnd + HOUR, true);
        // Fails after an hour; the retry two hours later succeeds within TRT.
        events.addDeviceEnded(cat1, variants[1], 1, 2, periodStart + DAY, periodStart + DAY + HOUR, false);
        events.addDeviceEnded(cat1, variants[1], 1, 2, periodStart + DAY + 3 * HOUR, periodStart + DAY + 5 * HOUR, true);
        // Lost 30 minutes before the month end; retried after its deadline, in the next month, successfully.
        events.addDeviceLost(cat1, variants[2], 2, 3, periodEnd - 30 * MINUTE);
        events.addDeviceEnded(cat1, variants[2], 2, 3, periodEnd - 30 * MINUTE + trt + HOUR,
                periodEnd - 30 * MINUTE + trt + 2 * HOUR, true);
        // Fails and is never retried.
        events.addDeviceEnded(cat1, variants[3], 3, 4, periodStart + 2 * DAY, periodStart + 2 * DAY + 2 * HOUR, false);
    }

    /** Adds one attempt; returns when it failed (error end, or its deadline when lost), or -1 when it succeeded. */
    private static long addAttempt(RegionEvents.Builder events, SplitMix64 random, HubVariant variant, int hub,
                                   long start, long trt) {
        EventKind cat1 = EventKind.CAT1_FIRMWARE_PAYLOAD;
        int group = hub + 1;
        double outcome = random.nextDouble();
        if (outcome < FIRMWARE_LOST_SHARE) {
            events.addDeviceLost(cat1, variant, hub, group, start);
            return start + trt;
        }
        if (outcome < FIRMWARE_LOST_SHARE + FIRMWARE_FAILED_SHARE) {
            long end = start + 10 * MINUTE + random.nextLong((4 * HOUR) / MICRO) * MICRO;
            events.addDeviceEnded(cat1, variant, hub, group, start, end, false);
            return end;
        }
        double hours;
        if (random.nextDouble() < FIRMWARE_TAIL_SHARE) {
            hours = (0.8 + 1.2 * random.nextDouble()) * trt / (double) HOUR;
        } else {
            hours = FIRMWARE_MEDIAN_HOURS * StrictMath.exp(FIRMWARE_SIGMA * random.nextGaussian());
        }
        long latencyMicros = Math.max(1_000L, Math.min((long) (hours * 3600e6), 2 * trt / MICRO));
        events.addDeviceEnded(cat1, variant, hub, group, start, start + latencyMicros * MICRO, true);
        return -1;
    }

    private void addOutages(Region region, RegionEvents.Builder events, HubVariant[] variants) {
        SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_OUTAGES, region.ordinal()));
        long trt = scenario.trtNanos(EventKind.POWER_LOSS_ALERT);
        int[] hubs = new int[variants.length];
        for (int i = 0; i < hubs.length; i++) {
            hubs[i] = i;
        }
        int maxSize = Math.min(BIG_OUTAGE_HUBS, variants.length);
        long spanMicros = (window.generationEndEpochNanos() - window.simulationStartEpochNanos()) / MICRO;
        double meanGapMicros = (window.periodEndEpochNanos() - window.periodStartEpochNanos()) / (double) MICRO
                / OUTAGES_PER_REGION;
        int group = OUTAGE_GROUP_BASE;
        double offsetMicros = random.nextExponential(meanGapMicros);
        while (offsetMicros < spanMicros) {
            long start = window.simulationStartEpochNanos() + (long) offsetMicros * MICRO;
            int size = (int) Math.min(maxSize, StrictMath.floor(StrictMath.pow(random.nextOpenDouble(), -1.0 / OUTAGE_ALPHA)));
            addOutage(events, random, variants, hubs, ++group, start, Math.max(1, size), trt);
            offsetMicros += random.nextExponential(meanGapMicros);
        }
        long periodMicros = (window.periodEndEpochNanos() - window.periodStartEpochNanos()) / MICRO;
        if (region == Region.NORTH) {
            long start = window.periodStartEpochNanos() + random.nextLong(periodMicros - 3_600_000_000L) * MICRO;
            addOutage(events, random, variants, hubs, ++group, start, maxSize, trt);
        }
        addOutage(events, random, variants, hubs, ++group, window.periodEndEpochNanos() - SECOND,
                Math.min(MONTH_END_OUTAGE_HUBS, variants.length), trt);
    }

    private static void addOutage(RegionEvents.Builder events, SplitMix64 random, HubVariant[] variants, int[] hubs,
                                  int group, long start, int size, long trt) {
        EventKind kind = EventKind.POWER_LOSS_ALERT;
        for (int i = 0; i < size; i++) {
            // Partial Fisher-Yates: the first `size` entries become a uniform sample of distinct hubs.
            int j = i + (int) random.nextLong(hubs.length - i);
            int hub = hubs[j];
            hubs[j] = hubs[i];
            hubs[i] = hub;
            long alertStart = start + random.nextLong(ALERT_JITTER_MICROS) * MICRO;
            double outcome = random.nextDouble();
            if (outcome < ALERT_LOST_SHARE) {
                events.addDeviceLost(kind, variants[hub], hub, group, alertStart);
            } else if (outcome < ALERT_LOST_SHARE + ALERT_LATE_SHARE) {
                long late = trt + MICRO + random.nextLong(2 * trt / MICRO) * MICRO;
                events.addDeviceEnded(kind, variants[hub], hub, group, alertStart, alertStart + late, true);
            } else {
                long within = MICRO + random.nextLong(trt / MICRO) * MICRO;
                events.addDeviceEnded(kind, variants[hub], hub, group, alertStart, alertStart + within, true);
            }
        }
    }
}
