package io.pmr.hardware.sim;

import io.pmr.hardware.Region;

import java.time.YearMonth;
import java.util.Objects;

/**
 * One power outage event as it really happened: how many hubs raised a power-loss alert and how many of
 * those alerts were delivered within TRT (success and latency &lt;= TRT, exactly).
 *
 * @param outageId         the group id a port reports for the outage's alerts, in decimal (as an agent's
 *                         record carries it in {@code outage_id})
 * @param region           the region of the hubs
 * @param period           the month (Europe/London) of the outage's first alert
 * @param startEpochNanos  the outage's first alert
 * @param hubs             N: hubs that raised a power-loss alert
 * @param alertsWithinTrt  A: alerts delivered within TRT
 */
public record OutageTruth(String outageId, Region region, YearMonth period, long startEpochNanos, int hubs,
                          int alertsWithinTrt) {
    /** Outages of this many hubs or fewer count under PM12.1, larger ones under PM12.2. */
    public static final int SMALL_OUTAGE_MAX_HUBS = 50;

    public OutageTruth {
        Objects.requireNonNull(outageId, "outageId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(period, "period");
        if (hubs < 1 || alertsWithinTrt < 0 || alertsWithinTrt > hubs) {
            throw new IllegalArgumentException("outage " + outageId + ": need 1 <= hubs and 0 <= alertsWithinTrt <= hubs, got "
                    + hubs + " and " + alertsWithinTrt);
        }
    }

    /** Whether the outage counts under PM12.1 (50 hubs or fewer). */
    public boolean small() {
        return hubs <= SMALL_OUTAGE_MAX_HUBS;
    }
}
