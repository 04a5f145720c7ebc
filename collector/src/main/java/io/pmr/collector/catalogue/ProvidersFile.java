package io.pmr.collector.catalogue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code providers.csv}: {@code provider,pounds_per_point}, the value in pounds of one Service Point. */
final class ProvidersFile {
    static final String HEADER = "provider,pounds_per_point";

    private ProvidersFile() {
    }

    /**
     * Pounds per point by provider, in file order.
     *
     * @param knownProviders the providers of measures.csv; a user's row for any other provider is an error (a typo
     *                       would otherwise leave the real provider without a rate). The shipped default's rows for
     *                       providers this catalogue lacks are ignored.
     */
    static Map<String, BigDecimal> parse(CatalogueFile file, Set<String> knownProviders) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (CsvTable.Line line : CsvTable.afterHeader(file, HEADER)) {
            List<String> fields = CsvTable.fields(file, line, 2, HEADER);
            String provider = fields.get(0).strip();
            if (provider.isEmpty()) {
                throw file.problem(line.number(), "provider", "is blank");
            }
            BigDecimal pounds;
            try {
                pounds = Decimals.nonNegative(fields.get(1), "pounds_per_point");
            } catch (FieldProblem e) {
                throw file.problem(line.number(), e);
            }
            Integer previous = lineOf.putIfAbsent(provider, line.number());
            if (previous != null) {
                throw file.problem(line.number(), "provider", "duplicate '" + provider + "' (first on line "
                        + previous + ")");
            }
            if (!knownProviders.contains(provider)) {
                if (file.shippedDefault()) {
                    continue;
                }
                throw file.problem(line.number(), "provider", "'" + provider
                        + "' is not the provider of any measure in measures.csv");
            }
            rates.put(provider, pounds);
        }
        return rates;
    }
}
