package io.pmr.collector.credit;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.ServiceCreditSchedule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes the service-credits table of a period from the catalogue's schedules and the measures' published levels.
 * Exact {@link BigDecimal} arithmetic; points are rounded once per measure (half-up, 2 decimals), pounds are the
 * rounded points times the provider's rate, half-up to 2 decimals, so a reader can recompute every row from the
 * table. Every measure that missed its target gets a row: KPIs, measures without a schedule and measures of a provider
 * that is not charged ({@code providers.csv} {@code charged} = {@code no}: the DCC, whose Code Performance Measures
 * accrue no points whatever {@code service-credits.csv} says) with 0 points.
 * Stateless after construction and thread-safe.
 */
public final class ServiceCredits {
    private final Catalogue catalogue;
    private final CreditGeneration generations;

    public ServiceCredits(Catalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.generations = new CreditGeneration(catalogue);
    }

    /**
     * The table for these levels. The order of {@code inputs} does not matter: rows and providers follow the catalogue.
     *
     * @throws IllegalArgumentException when an input names a measure the catalogue lacks, or a measure twice
     */
    public CreditTable compute(List<CreditInput> inputs) {
        Map<String, BigDecimal> levels = new HashMap<>();
        for (CreditInput input : inputs) {
            if (catalogue.measure(input.measureId()).isEmpty()) {
                throw new IllegalArgumentException("credit input names unknown measure '" + input.measureId() + "'");
            }
            if (levels.containsKey(input.measureId())) {
                throw new IllegalArgumentException("credit input names measure '" + input.measureId() + "' twice");
            }
            levels.put(input.measureId(), input.level());
        }
        Map<String, List<CreditRow>> rowsByProvider = new LinkedHashMap<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            BigDecimal level = levels.get(measure.id());
            if (level == null || !ServicePoints.missedTarget(measure, level)) {
                continue;
            }
            rowsByProvider.computeIfAbsent(measure.provider(), p -> new ArrayList<>()).add(row(measure, level));
        }
        List<ProviderCredits> providers = new ArrayList<>();
        BigDecimal points = ServicePoints.ZERO;
        BigDecimal pounds = ServicePoints.ZERO;
        for (Map.Entry<String, List<CreditRow>> entry : rowsByProvider.entrySet()) {
            ProviderCredits credits = provider(entry.getKey(), entry.getValue());
            providers.add(credits);
            points = points.add(credits.totalPoints());
            pounds = pounds.add(credits.totalPounds());
        }
        return new CreditTable(catalogue.fingerprint(), providers, points, pounds);
    }

    private CreditRow row(MeasureDefinition measure, BigDecimal level) {
        Optional<ServiceCreditSchedule> schedule = catalogue.serviceCredit(measure.id());
        BigDecimal points = ServicePoints.ZERO;
        BigDecimal pounds = ServicePoints.ZERO;
        boolean charged = catalogue.charged(measure.provider());
        if (schedule.isPresent() && charged) {
            points = ServicePoints.points(measure, schedule.get(), level);
            // The catalogue refuses a schedule whose provider has no rate, so the rate is present here.
            pounds = ServicePoints.pounds(points, catalogue.poundsPerPoint(measure.provider()).orElseThrow());
        }
        return new CreditRow(measure.id(), measure.provider(), measure.target(), measure.minimum(), level, points,
                pounds, measure.isKpi(), schedule.isPresent(), measure.contributesTo(), charged,
                generations.of(measure));
    }

    private ProviderCredits provider(String provider, List<CreditRow> rows) {
        BigDecimal points = ServicePoints.ZERO;
        BigDecimal pounds = ServicePoints.ZERO;
        for (CreditRow row : rows) {
            points = points.add(row.points());
            pounds = pounds.add(row.pounds());
        }
        return new ProviderCredits(provider, catalogue.poundsPerPoint(provider).orElse(null), rows, points, pounds);
    }
}
