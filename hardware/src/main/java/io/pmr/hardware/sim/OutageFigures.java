package io.pmr.hardware.sim;

import io.pmr.hardware.Region;
import io.pmr.model.MeasureIds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Objects;

/**
 * The power-outage figures of one region and month, as exact numbers with their raw sums. Levels are
 * percentages with scale 2, rounded HALF_UP from the exact quotient; null when nothing was counted.
 * <ul>
 *   <li>PM12.1: {@code 100 x sum A / sum N} over outages of 50 hubs or fewer.</li>
 *   <li>PM12.2 as historically reported: {@code 100 x sum A / (((sum N - 50) x 0.25) + 50)} over outages of more
 *       than 50 hubs (the contract's formula applied to the month's totals: may exceed 100).</li>
 *   <li>PM12.2 as the contract intends: {@code 100 x sum min(A_e, R_e) / sum R_e} with
 *       {@code R_e = ((N_e - 50) x 0.25) + 50} per outage event e of more than 50 hubs.</li>
 * </ul>
 *
 * @param region              the region
 * @param period              the month (Europe/London) of the outages' first alerts
 * @param smallOutages        outages of 50 hubs or fewer
 * @param smallHubs           their sum N
 * @param smallWithinTrt      their sum A
 * @param pm121Level          PM12.1
 * @param largeOutages        outages of more than 50 hubs
 * @param largeHubs           their sum N
 * @param largeWithinTrt      their sum A
 * @param historicalRequired  ((sum N - 50) x 0.25) + 50 over the large outages; null when none
 * @param pm122HistoricalLevel PM12.2 as historically reported
 * @param intendedRequired    sum R_e over the large outages
 * @param intendedCappedWithin sum min(A_e, R_e) over the large outages
 * @param pm122IntendedLevel  PM12.2 as the contract intends (at most 100)
 */
public record OutageFigures(Region region, YearMonth period,
                            long smallOutages, long smallHubs, long smallWithinTrt, BigDecimal pm121Level,
                            long largeOutages, long largeHubs, long largeWithinTrt,
                            BigDecimal historicalRequired, BigDecimal pm122HistoricalLevel,
                            BigDecimal intendedRequired, BigDecimal intendedCappedWithin, BigDecimal pm122IntendedLevel) {
    private static final BigDecimal FIFTY = BigDecimal.valueOf(50);
    private static final BigDecimal QUARTER = new BigDecimal("0.25");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The PM12.1 measure id of a region, e.g. {@code CSPN/PM12.1}. */
    public static String pm121Id(Region region) {
        return MeasureIds.of(region.providerCode(), MeasureIds.PM12_1);
    }

    /** The PM12.2 measure id of a region, e.g. {@code CSPN/PM12.2}. */
    public static String pm122Id(Region region) {
        return MeasureIds.of(region.providerCode(), MeasureIds.PM12_2);
    }

    /**
     * The figures of the given outages (all of one region and period; the caller groups them).
     *
     * @throws IllegalArgumentException if an outage is of another region or period
     */
    public static OutageFigures of(Region region, YearMonth period, Collection<OutageTruth> outages) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(period, "period");
        long smallOutages = 0;
        long smallHubs = 0;
        long smallWithin = 0;
        long largeOutages = 0;
        long largeHubs = 0;
        long largeWithin = 0;
        BigDecimal required = BigDecimal.ZERO;
        BigDecimal capped = BigDecimal.ZERO;
        for (OutageTruth outage : outages) {
            if (outage.region() != region || !outage.period().equals(period)) {
                throw new IllegalArgumentException("outage " + outage.outageId() + " is of " + outage.region() + " "
                        + outage.period() + ", not " + region + " " + period);
            }
            if (outage.small()) {
                smallOutages++;
                smallHubs += outage.hubs();
                smallWithin += outage.alertsWithinTrt();
            } else {
                largeOutages++;
                largeHubs += outage.hubs();
                largeWithin += outage.alertsWithinTrt();
                BigDecimal requiredHere = requiredAlerts(outage.hubs());
                required = required.add(requiredHere);
                capped = capped.add(BigDecimal.valueOf(outage.alertsWithinTrt()).min(requiredHere));
            }
        }
        BigDecimal historicalRequired = largeOutages == 0 ? null : requiredAlerts(largeHubs);
        return new OutageFigures(region, period, smallOutages, smallHubs, smallWithin,
                level(BigDecimal.valueOf(smallWithin), smallHubs == 0 ? null : BigDecimal.valueOf(smallHubs)),
                largeOutages, largeHubs, largeWithin, historicalRequired,
                level(BigDecimal.valueOf(largeWithin), historicalRequired),
                required, capped, level(capped, largeOutages == 0 ? null : required));
    }

    /** R = ((N - 50) x 0.25) + 50, exactly. */
    static BigDecimal requiredAlerts(long hubs) {
        return BigDecimal.valueOf(hubs).subtract(FIFTY).multiply(QUARTER).add(FIFTY);
    }

    private static BigDecimal level(BigDecimal numerator, BigDecimal denominator) {
        if (denominator == null || denominator.signum() == 0) {
            return null;
        }
        return HUNDRED.multiply(numerator).divide(denominator, 2, RoundingMode.HALF_UP);
    }
}
