package io.pmr.collector.report;

import java.math.BigDecimal;

/**
 * A figure's counts before exclusions (excluding never deletes data). For {@code power_outage} and
 * {@code availability} the level follows the kind's own formula, as the counted level does.
 *
 * @param level null when the denominator is 0
 */
public record BeforeExclusions(long numerator, long denominator, BigDecimal level) {
}
