package io.pmr.collector.credit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The report's service-credits table.
 *
 * @param catalogueFingerprint {@code Catalogue.fingerprint()} of the catalogue whose schedules made the table
 * @param providers            providers with at least one measure that missed target, in catalogue order
 * @param totalPoints          sum over providers (points of different providers are worth different pounds)
 * @param totalPounds          sum of the providers' pounds, 2 decimals
 */
public record CreditTable(String catalogueFingerprint, List<ProviderCredits> providers, BigDecimal totalPoints,
        BigDecimal totalPounds) {
    public CreditTable {
        Objects.requireNonNull(catalogueFingerprint, "catalogueFingerprint");
        providers = List.copyOf(providers);
        Objects.requireNonNull(totalPoints, "totalPoints");
        Objects.requireNonNull(totalPounds, "totalPounds");
    }
}
