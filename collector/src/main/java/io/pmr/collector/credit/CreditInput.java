package io.pmr.collector.credit;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The achieved level of one measure for a period, as published.
 *
 * @param measureId catalogue id of the measure
 * @param level     the level as reported (a percentage rounded half-up to 2 decimals, or a count), or null when the
 *                  measure has no level (No Events, Data Exempted, no data); a null level never earns points
 */
public record CreditInput(String measureId, BigDecimal level) {
    public CreditInput {
        Objects.requireNonNull(measureId, "measureId");
        if (level != null && level.signum() < 0) {
            throw new IllegalArgumentException("level of " + measureId + " is negative: " + level);
        }
    }
}
