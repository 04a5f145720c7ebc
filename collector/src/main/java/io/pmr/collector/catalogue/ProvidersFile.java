package io.pmr.collector.catalogue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code providers.csv}: {@code provider,pounds_per_point[,charged]}, the value in pounds of one Service Point
 * and whether the provider is charged service credits at all ({@code yes}, the default, or {@code no}: the DCC, whose
 * Code Performance Measures accrue no points whatever service-credits.csv says). The header names the columns the
 * file uses; every data line has that many.
 */
final class ProvidersFile {
    static final String HEADER = "provider,pounds_per_point";
    static final String HEADER_WITH_CHARGED = HEADER + ",charged";

    /**
     * @param poundsPerPoint pounds per point by provider, in file order
     * @param notCharged     providers with {@code charged} = {@code no}
     */
    record Providers(Map<String, BigDecimal> poundsPerPoint, Set<String> notCharged) {
    }

    private ProvidersFile() {
    }

    /**
     * Pounds per point by provider, in file order, and the providers not charged.
     *
     * @param knownProviders the providers of measures.csv; a user's row for any other provider is an error (a typo
     *                       would otherwise leave the real provider without a rate). The shipped default's rows for
     *                       providers this catalogue lacks are ignored.
     */
    static Providers parse(CatalogueFile file, Set<String> knownProviders) {
        List<CsvTable.Line> all = CsvTable.lines(file);
        String header = !all.isEmpty() && all.get(0).text().strip().equals(HEADER_WITH_CHARGED)
                ? HEADER_WITH_CHARGED : HEADER;
        int columns = header.equals(HEADER) ? 2 : 3;
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        Set<String> notCharged = new LinkedHashSet<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (CsvTable.Line line : CsvTable.afterHeader(file, header)) {
            List<String> fields = CsvTable.fields(file, line, columns, header);
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
            boolean charged = true;
            if (columns == 3) {
                String text = fields.get(2).strip();
                if (text.equals("no")) {
                    charged = false;
                } else if (!text.equals("yes") && !text.isEmpty()) {
                    throw file.problem(line.number(), "charged", "'" + text + "' is not yes or no (blank: yes)");
                }
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
            if (!charged) {
                notCharged.add(provider);
            }
        }
        return new Providers(rates, notCharged);
    }
}
