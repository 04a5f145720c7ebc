package io.pmr.collector.credit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A provider's part of the credits table.
 *
 * @param provider       as in the catalogue
 * @param poundsPerPoint the provider's rate from providers.csv, or null when it has none (then no row earns points)
 * @param rows           its measures that missed target, in catalogue order
 * @param totalPoints    sum of the rows' points
 * @param totalPounds    sum of the rows' pounds (each already half-up to 2 decimals), 2 decimals
 */
public record ProviderCredits(String provider, BigDecimal poundsPerPoint, List<CreditRow> rows,
        BigDecimal totalPoints, BigDecimal totalPounds) {
    public ProviderCredits {
        Objects.requireNonNull(provider, "provider");
        rows = List.copyOf(rows);
        Objects.requireNonNull(totalPoints, "totalPoints");
        Objects.requireNonNull(totalPounds, "totalPounds");
    }
}
