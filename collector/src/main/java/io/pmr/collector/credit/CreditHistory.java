package io.pmr.collector.credit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The report's 12-month service-credit table: per charged provider, the month and the 11 before it, Service Points and
 * pounds, SMETS2 and SMETS1 apart ({@link CreditGeneration}), each month as computed now from stored data with the
 * current catalogue, and marked restated where a published version of that month kept different credits for the
 * provider.
 *
 * @param months    the 12 months, oldest first, {@code yyyy-MM}
 * @param providers every charged provider of the catalogue, in catalogue order
 */
public record CreditHistory(List<String> months, List<ProviderHistory> providers) {
    /** No history (a report published before the history existed, or a figures-only report). */
    public static final CreditHistory NONE = new CreditHistory(List.of(), List.of());
    /** Months in the table: the report's month and the 11 before it. */
    public static final int MONTHS = 12;

    public CreditHistory {
        months = List.copyOf(months);
        providers = List.copyOf(providers);
    }

    /** One provider's row of months, oldest first. */
    public record ProviderHistory(String provider, List<MonthCredits> months) {
        public ProviderHistory {
            Objects.requireNonNull(provider, "provider");
            months = List.copyOf(months);
        }
    }

    /**
     * One provider's credits for one month.
     *
     * @param smets2Points         points of its SMETS2 measures, 2 decimals (likewise the other amounts)
     * @param points               smets2Points + smets1Points
     * @param pounds               smets2Pounds + smets1Pounds
     * @param publishedVersions    how many versions of the month are stored (0: never published)
     * @param firstPublishedPoints the provider's points in the month's first published version, null when never
     *                             published
     * @param firstPublishedPounds likewise in pounds
     * @param restated             true when any published version of the month kept points or pounds for the provider
     *                             that differ from today's computation
     */
    public record MonthCredits(String month, BigDecimal smets2Points, BigDecimal smets2Pounds, BigDecimal smets1Points,
            BigDecimal smets1Pounds, BigDecimal points, BigDecimal pounds, int publishedVersions,
            BigDecimal firstPublishedPoints, BigDecimal firstPublishedPounds, boolean restated) {
        public MonthCredits {
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(points, "points");
            Objects.requireNonNull(pounds, "pounds");
        }
    }
}
