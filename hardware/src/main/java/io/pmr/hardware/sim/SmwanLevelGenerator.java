package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.model.SmwanLevelRule;
import io.pmr.model.UkCalendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates one region's daily SMWAN connectivity checks (the whole simulation) for the SMWAN connectivity level, by
 * pmr's rule ({@link SmwanLevelRule}): over {@link #levelHubs} hubs of their own (device hubs from
 * {@link #HUB_BASE}), each with an install (most long before the simulation, {@value #INSTALLED_IN_WINDOW_SHARE} of
 * them inside it), seeded SMWAN outages (lognormal, median {@value #OUTAGE_MEDIAN_HOURS} h, some lasting days) and,
 * for some hubs, a hub-level exclusion window (hours to days). Every UK day whose check instant (12:00 UK) lies in the
 * simulation, each hub installed before that instant is checked once at it: connected when not in an outage (answered
 * within the 60 s timeout, a few answers late), otherwise no answer or an error. A check of a hub whose exclusion
 * overlaps the UK day carries group 1: the hub-day is excluded. Edge cases (hubs after the random ones): installs 1 ms
 * before and exactly at a day's check, an exclusion from 15:00 to 03:00 the next day, one ending exactly at a day's
 * first instant, answers exactly at the timeout and 1 ms after it. Its own seeded streams: other kinds are unchanged.
 */
final class SmwanLevelGenerator {
    /** First hub index of the level's hubs: above every other population, install and outage index. */
    static final int HUB_BASE = 1 << 28;
    private static final long LABEL_LEVEL = 15;
    private static final long LABEL_VARIANT = 1;
    static final double INSTALLED_IN_WINDOW_SHARE = 0.1;
    static final double OUTAGE_MEDIAN_HOURS = 4.0;
    private static final double OUTAGE_SIGMA = 1.5;
    private static final double OUTAGES_PER_HUB_MONTH = 1.5;
    private static final double EXCLUDED_HUB_SHARE = 0.08;
    private static final double LATE_ANSWER_SHARE = 0.01;
    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;
    private static final long DAY = 24 * HOUR;
    private static final int EXCLUDED = 1;

    private final RigScenario scenario;
    private final RigWindow window;
    private final double sku2Share;

    SmwanLevelGenerator(RigScenario scenario, RigWindow window, double sku2Share) {
        this.scenario = scenario;
        this.window = window;
        this.sku2Share = sku2Share;
    }

    /** The level's hubs per region: one in 20 of the device population, at least 20. */
    static int levelHubs(int deviceHubsPerRegion) {
        return Math.max(20, deviceHubsPerRegion / 20);
    }

    void generate(Region region, RegionEvents.Builder events) {
        if (!EventKind.SMWAN_CONNECTIVITY_CHECK.measuredIn(region)) {
            return;
        }
        long trt = scenario.trtNanos(EventKind.SMWAN_CONNECTIVITY_CHECK);
        List<LocalDate> days = checkDays();
        int hubs = levelHubs(scenario.deviceHubsPerRegion());
        long span = window.generationEndEpochNanos() - window.simulationStartEpochNanos();
        for (int i = 0; i < hubs; i++) {
            SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_LEVEL, region.ordinal(), i));
            long install = random.nextDouble() < INSTALLED_IN_WINDOW_SHARE
                    ? window.simulationStartEpochNanos() + random.nextLong(span / MICRO) * MICRO
                    : window.simulationStartEpochNanos() - 400 * DAY;
            List<long[]> outages = new ArrayList<>();
            long from = window.simulationStartEpochNanos() - 5 * DAY;
            double meanGap = 30.0 * DAY / OUTAGES_PER_HUB_MONTH / MICRO;
            for (double at = random.nextExponential(meanGap); from + (long) at * MICRO < window.generationEndEpochNanos();
                    at += random.nextExponential(meanGap)) {
                long start = from + (long) at * MICRO;
                double hours = OUTAGE_MEDIAN_HOURS * StrictMath.exp(OUTAGE_SIGMA * random.nextGaussian());
                long length = Math.max(MILLI, Math.min((long) (hours * 3600e6), 5 * DAY / MICRO) * MICRO);
                outages.add(new long[] {start, start + length});
            }
            List<long[]> exclusions = new ArrayList<>();
            if (random.nextDouble() < EXCLUDED_HUB_SHARE) {
                long start = window.simulationStartEpochNanos() + random.nextLong(span / MICRO) * MICRO;
                exclusions.add(new long[] {start, start + 2 * HOUR + random.nextLong(3 * DAY / MICRO) * MICRO});
            }
            addHub(region, events, random, HUB_BASE + i, install, outages, exclusions, days, trt);
        }
        addEdgeHubs(region, events, HUB_BASE + hubs, days, trt);
    }

    /** The UK days whose check instant lies in the simulation (from its start until generation ends). */
    private List<LocalDate> checkDays() {
        List<LocalDate> days = new ArrayList<>();
        LocalDate day = UkCalendar.dayOf(window.simulationStartEpochNanos() / MILLI);
        for (; SmwanLevelRule.checkEpochMillis(day) * MILLI < window.generationEndEpochNanos(); day = day.plusDays(1)) {
            if (SmwanLevelRule.checkEpochMillis(day) * MILLI >= window.simulationStartEpochNanos()) {
                days.add(day);
            }
        }
        return days;
    }

    private void addHub(Region region, RegionEvents.Builder events, SplitMix64 random, int hub, long installNanos,
                        List<long[]> outages, List<long[]> exclusionsNanos, List<LocalDate> days, long trt) {
        HubVariant variant = variant(region, hub);
        List<long[]> exclusionsMillis = new ArrayList<>();
        for (long[] window : exclusionsNanos) {
            exclusionsMillis.add(new long[] {Math.floorDiv(window[0], MILLI), -Math.floorDiv(-window[1], MILLI)});
        }
        for (LocalDate day : days) {
            long check = SmwanLevelRule.checkEpochMillis(day) * MILLI;
            if (!SmwanLevelRule.installedFor(Math.floorDiv(installNanos, MILLI), day)) {
                continue;
            }
            int group = SmwanLevelRule.inScope(Math.floorDiv(installNanos, MILLI), day, exclusionsMillis) ? 0 : EXCLUDED;
            boolean down = false;
            for (long[] outage : outages) {
                down |= outage[0] <= check && check < outage[1];
            }
            if (!down) {
                long latency = random.nextDouble() < LATE_ANSWER_SHARE
                        ? trt + MILLI + random.nextLong(30 * SECOND / MICRO) * MICRO
                        : 50 * MILLI + random.nextLong(5 * SECOND / MICRO) * MICRO;
                events.addDeviceEnded(EventKind.SMWAN_CONNECTIVITY_CHECK, variant, hub, group, check, check + latency, true);
            } else if (random.nextDouble() < 0.5) {
                events.addDeviceLost(EventKind.SMWAN_CONNECTIVITY_CHECK, variant, hub, group, check);
            } else {
                long latency = SECOND + random.nextLong(9 * SECOND / MICRO) * MICRO;
                events.addDeviceEnded(EventKind.SMWAN_CONNECTIVITY_CHECK, variant, hub, group, check, check + latency,
                        false);
            }
        }
    }

    /** The rule's edges, on days 5 to 11 of the period (every hub always connected unless said). */
    private void addEdgeHubs(Region region, RegionEvents.Builder events, int firstHub, List<LocalDate> days, long trt) {
        LocalDate first = UkCalendar.dayOf(window.periodStartEpochNanos() / MILLI);
        long longAgo = window.simulationStartEpochNanos() - 400 * DAY;
        long day11Check = SmwanLevelRule.checkEpochMillis(first.plusDays(10)) * MILLI;
        SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_LEVEL, region.ordinal(), -1));
        // installed 1 ms before day 11's check: in scope on day 11; installed at the check: from day 12
        addHub(region, events, random, firstHub, day11Check - MILLI, List.of(), List.of(), days, trt);
        addHub(region, events, random, firstHub + 1, day11Check, List.of(), List.of(), days, trt);
        // excluded from day 5 at 15:00 UK (after its check) to day 6 at 03:00 UK: out of scope both days
        long day5 = UkCalendar.dayStartEpochMillis(first.plusDays(4)) * MILLI;
        addHub(region, events, random, firstHub + 2, longAgo, List.of(),
                List.<long[]>of(new long[] {day5 + 15 * HOUR, day5 + DAY + 3 * HOUR}), days, trt);
        // excluded until exactly day 8's first instant: in scope on day 8
        long day8 = UkCalendar.dayStartEpochMillis(first.plusDays(7)) * MILLI;
        addHub(region, events, random, firstHub + 3, longAgo, List.of(),
                List.<long[]>of(new long[] {day8 - 14 * HOUR, day8}), days, trt);
        // answers exactly at the timeout on day 9 (connected) and 1 ms after it on day 10 (not connected)
        int hub = firstHub + 4;
        HubVariant variant = variant(region, hub);
        for (int d = 8; d <= 9; d++) {
            long check = SmwanLevelRule.checkEpochMillis(first.plusDays(d)) * MILLI;
            events.addDeviceEnded(EventKind.SMWAN_CONNECTIVITY_CHECK, variant, hub, 0, check,
                    check + trt + (d == 8 ? 0 : MILLI), true);
        }
    }

    private HubVariant variant(Region region, int hub) {
        SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_VARIANT, region.ordinal(), hub));
        return random.nextDouble() < sku2Share ? HubVariant.SKU2 : HubVariant.SKU1;
    }
}
