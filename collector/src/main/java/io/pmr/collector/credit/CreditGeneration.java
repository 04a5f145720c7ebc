package io.pmr.collector.credit;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of the report's two credit tables, SMETS2 or SMETS1, a measure's credits belong to, as far as the catalogue's
 * {@code group} column tells: a measure whose group is {@code SMETS1} or {@code SMETS2} belongs there; any other
 * measure (groups such as {@code Availability}) belongs to its provider's table: {@code SMETS1} when any measure of
 * the provider has group {@code SMETS1} (the S1SPs), else {@code SMETS2}. Immutable, thread-safe.
 */
public final class CreditGeneration {
    public static final String SMETS1 = "SMETS1";
    public static final String SMETS2 = "SMETS2";
    private final Set<String> smets1Providers = new HashSet<>();

    public CreditGeneration(Catalogue catalogue) {
        for (MeasureDefinition measure : catalogue.measures()) {
            if (SMETS1.equals(measure.group())) {
                smets1Providers.add(measure.provider());
            }
        }
    }

    /** {@code SMETS1} or {@code SMETS2}. */
    public String of(MeasureDefinition measure) {
        if (SMETS1.equals(measure.group()) || SMETS2.equals(measure.group())) {
            return measure.group();
        }
        return smets1Providers.contains(measure.provider()) ? SMETS1 : SMETS2;
    }
}
