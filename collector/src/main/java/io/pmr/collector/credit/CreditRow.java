package io.pmr.collector.credit;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One measure that missed its target, in a provider's credits table.
 *
 * @param measureId     catalogue id
 * @param provider      the measure's provider
 * @param target        Target Service Level
 * @param minimum       Minimum Service Level, or null for a KPI
 * @param level         the achieved level, as given
 * @param points        Service Points, 2 decimals (0.00 for KPIs and measures without a schedule)
 * @param pounds        points x the provider's pounds per point, half-up to 2 decimals
 * @param kpi           true for a KPI (a target but no minimum): listed, never credited
 * @param credited      true when the catalogue has a service-credit schedule for the measure
 * @param feedsCpm      the composite the measure contributes to ({@code contributes_to}), or null
 * @param charged       false when the provider is not charged (providers.csv {@code charged} = {@code no}, the DCC's
 *                      Code Performance Measures): 0 points whatever its schedule says
 * @param generation    {@code SMETS1} or {@code SMETS2}: which of the report's credit tables the row belongs to
 *                      (see {@link CreditGeneration})
 */
public record CreditRow(String measureId, String provider, BigDecimal target, BigDecimal minimum, BigDecimal level,
        BigDecimal points, BigDecimal pounds, boolean kpi, boolean credited, String feedsCpm, boolean charged,
        String generation) {
    public CreditRow {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(pounds, "pounds");
        Objects.requireNonNull(generation, "generation");
    }
}
