package io.pmr.collector.credit;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.ServiceCreditSchedule;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Service Points of one measure: linear in the shortfall from target, {@code pointsAtMinimum} at the minimum, the
 * same slope beyond it, capped at {@code maxPoints}, rounded once, half-up to 2 decimals, from the exact quotient.
 * <pre>
 *   shortfall = target - level            (count measures: level - target)
 *   span      = target - minimum          (count measures: minimum - target), positive by catalogue check
 *   points    = min(shortfall x pointsAtMinimum / span, maxPoints), 0 when shortfall &lt;= 0
 * </pre>
 */
final class ServicePoints {
    static final int SCALE = 2;
    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private ServicePoints() {
    }

    /** True when the level is worse than the target (below it; above it for count measures). */
    static boolean missedTarget(MeasureDefinition measure, BigDecimal level) {
        int order = level.compareTo(measure.target());
        return measure.lowerIsBetter() ? order > 0 : order < 0;
    }

    static BigDecimal points(MeasureDefinition measure, ServiceCreditSchedule schedule, BigDecimal level) {
        BigDecimal shortfall = measure.lowerIsBetter() ? level.subtract(measure.target())
                : measure.target().subtract(level);
        if (shortfall.signum() <= 0) {
            return ZERO;
        }
        BigDecimal span = measure.lowerIsBetter() ? measure.minimum().subtract(measure.target())
                : measure.target().subtract(measure.minimum());
        if (span.signum() <= 0) {
            throw new IllegalArgumentException("measure " + measure.id() + " has no slope between target "
                    + measure.target() + " and minimum " + measure.minimum());
        }
        // Compare before dividing, so the cap is applied to the exact value, not to a rounded one.
        BigDecimal numerator = shortfall.multiply(schedule.pointsAtMinimum());
        if (numerator.compareTo(schedule.maxPoints().multiply(span)) >= 0) {
            return schedule.maxPoints().setScale(SCALE, RoundingMode.HALF_UP);
        }
        return numerator.divide(span, SCALE, RoundingMode.HALF_UP);
    }

    static BigDecimal pounds(BigDecimal points, BigDecimal poundsPerPoint) {
        return points.multiply(poundsPerPoint).setScale(SCALE, RoundingMode.HALF_UP);
    }
}
