package io.pmr.collector.measure;

import io.pmr.collector.report.MeasureStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Service level arithmetic: exact integers in, a percentage rounded half-up to 2 decimals out. */
public final class Levels {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Levels() {
    }

    /** 100 x numerator / denominator, HALF_UP to 2 decimals; null when the denominator is 0. */
    public static BigDecimal level(long numerator, long denominator) {
        if (denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
    }

    /** As {@link #level(long, long)} for counts beyond a long (pooled, scaled counts). */
    static BigDecimal level(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() == 0) {
            return null;
        }
        return new BigDecimal(numerator).multiply(HUNDRED).divide(new BigDecimal(denominator), 2,
                RoundingMode.HALF_UP);
    }

    /**
     * The status of a (rounded) level: with no events, {@code data_exempted} if anything was excluded else
     * {@code no_events}; otherwise against target, then minimum (a blank minimum never makes it below minimum).
     */
    public static MeasureStatus status(BigDecimal level, long excluded, BigDecimal target, BigDecimal minimum) {
        if (level == null) {
            return excluded > 0 ? MeasureStatus.DATA_EXEMPTED : MeasureStatus.NO_EVENTS;
        }
        if (level.compareTo(target) >= 0) {
            return MeasureStatus.AT_OR_ABOVE_TARGET;
        }
        if (minimum == null || level.compareTo(minimum) >= 0) {
            return MeasureStatus.BELOW_TARGET;
        }
        return MeasureStatus.BELOW_MINIMUM;
    }

    /**
     * The status of a count, where lower is better: at or above target when {@code count <= target}; below minimum
     * when {@code count > minimum}; else below target.
     */
    public static MeasureStatus countStatus(BigDecimal count, long excluded, BigDecimal target, BigDecimal minimum) {
        if (count == null) {
            return excluded > 0 ? MeasureStatus.DATA_EXEMPTED : MeasureStatus.NO_EVENTS;
        }
        if (count.compareTo(target) <= 0) {
            return MeasureStatus.AT_OR_ABOVE_TARGET;
        }
        if (minimum != null && count.compareTo(minimum) > 0) {
            return MeasureStatus.BELOW_MINIMUM;
        }
        return MeasureStatus.BELOW_TARGET;
    }
}
