package io.pmr.collector.publish;

import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditTable;
import java.util.Objects;

/**
 * The service credits a month's figures earn as computed now, without publishing (nothing recorded): what the API's
 * {@code credits} and {@code credits-history} tables serve between publications.
 *
 * @param credits the credit table of the month's levels
 * @param history the 12-month table ending with the month, each past month computed now and marked restated where a
 *                recorded version of it kept other credits (the month itself compared with every version recorded)
 */
public record CreditsPreview(CreditTable credits, CreditHistory history) {
    public CreditsPreview {
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(history, "history");
    }
}
