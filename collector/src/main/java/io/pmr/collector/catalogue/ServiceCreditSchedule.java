package io.pmr.collector.catalogue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of {@code service-credits.csv}: how a measure that misses its target accrues Service Points. Points grow
 * linearly with the shortfall from 0 at the target to {@code pointsAtMinimum} at the minimum, continue at the same
 * slope beyond the minimum, and never exceed {@code maxPoints}. The catalogue only admits a schedule for a measure
 * with a minimum (not a KPI) that differs from its target in the measure's direction, so the slope is defined.
 *
 * @param measureId       the measure's catalogue id
 * @param pointsAtMinimum points when the level is exactly the minimum, positive
 * @param maxPoints       the cap, at least {@code pointsAtMinimum}
 * @param lineNumber      1-based line of {@code service-credits.csv}
 */
public record ServiceCreditSchedule(String measureId, BigDecimal pointsAtMinimum, BigDecimal maxPoints,
        int lineNumber) {

    public ServiceCreditSchedule {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(pointsAtMinimum, "pointsAtMinimum");
        Objects.requireNonNull(maxPoints, "maxPoints");
        if (pointsAtMinimum.signum() <= 0) {
            throw new IllegalArgumentException("pointsAtMinimum must be positive: " + pointsAtMinimum);
        }
        if (maxPoints.compareTo(pointsAtMinimum) < 0) {
            throw new IllegalArgumentException("maxPoints " + maxPoints + " is below pointsAtMinimum "
                    + pointsAtMinimum);
        }
    }
}
