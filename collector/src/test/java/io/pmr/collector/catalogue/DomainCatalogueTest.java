package io.pmr.collector.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped catalogue against the domain's list of measures (a verbatim copy of the domain brief's
 * {@code measures.csv}, September 2020 report, in {@code src/test/resources/domain}): every row's provider, group,
 * name, kind, period, target, minimum and composite as the report states them, the TRT where the report states one,
 * and nothing else changed but the deviations pmr documents (placeholder TRTs, the agent-measured PM1.1).
 */
class DomainCatalogueTest {
    private static final String DOMAIN = "/domain/measures-2020-09.csv";

    /** Rows whose kind pmr changed on purpose: first-time connectivity at install is measured by agents (1h TRT). */
    private static final Set<String> KIND_CHANGED = Set.of("CSPN/PM1.1", "CSPC/PM1.1", "CSPS/PM1.1");

    /** Rows whose stated TRT pmr writes with an hours condition (docs/methodology.md, "Deadlines ..."). */
    private static final Map<String, String> TRT_WITH_HOURS = Map.of("TSP/PM1.7", "15s in core hours");

    @Test
    void everyRowOfTheReportIsInTheCatalogueAsTheReportStatesIt() throws IOException {
        List<String[]> domain = domainRows();
        Catalogue catalogue = Catalogue.shipped();
        assertEquals(111, domain.size(), "rows of the domain's measures.csv");
        assertEquals(domain.stream().map(row -> row[0]).toList(),
                catalogue.measures().stream().map(MeasureDefinition::id).toList(), "ids, in the report's order");
        Set<String> kindChanged = new TreeSet<>();
        for (String[] row : domain) {
            MeasureDefinition measure = catalogue.measure(row[0]).orElseThrow();
            String where = row[0] + ": ";
            assertEquals(row[1], measure.provider(), where + "provider");
            assertEquals(row[2], measure.group(), where + "group");
            assertEquals(row[3], measure.name(), where + "name");
            assertEquals(row[6], measure.period(), where + "period");
            assertEquals(0, new BigDecimal(row[7]).compareTo(measure.target()), where + "target " + measure.target());
            if (row[8].isEmpty()) {
                assertEquals(null, measure.minimum(), where + "a KPI: no minimum");
                assertTrue(measure.isKpi(), where + "a KPI");
            } else {
                assertEquals(0, new BigDecimal(row[8]).compareTo(measure.minimum()),
                        where + "minimum " + measure.minimum());
            }
            assertEquals(row[9].isEmpty() ? null : row[9], measure.contributesTo(), where + "contributes_to");
            if (!row[4].equals(measure.kind().code())) {
                kindChanged.add(row[0]);
            }
        }
        assertEquals(KIND_CHANGED, kindChanged, "kinds pmr changed");
        for (String id : KIND_CHANGED) {
            assertEquals(MeasureKind.WITHIN_TRT, catalogue.measure(id).orElseThrow().kind(), id);
        }
    }

    @Test
    void everyTrtTheReportStatesIsTheCatalogues() throws IOException {
        Catalogue catalogue = Catalogue.shipped();
        Map<String, String> differs = new TreeMap<>();
        int stated = 0;
        for (String[] row : domainRows()) {
            MeasureDefinition measure = catalogue.measure(row[0]).orElseThrow();
            if (row[5].isEmpty()) {
                if (measure.kind() == MeasureKind.WITHIN_TRT) {
                    assertTrue(measure.trtRule().isPresent(), row[0] + ": a within_trt measure needs a TRT to count");
                }
                continue;
            }
            stated++;
            Duration reported = duration(row[5]);
            assertEquals(reported, measure.trtRule().orElseThrow().duration(), row[0] + ": the stated TRT");
            if (!row[5].equals(measure.trtText())) {
                differs.put(row[0], measure.trtText());
            }
        }
        assertEquals(16, stated, "TRTs the report states");
        assertEquals(TRT_WITH_HOURS, differs, "stated TRTs written otherwise");
    }

    @Test
    void compositesAreBuiltFromTheReportsContributorsAndIncidentMeasuresFromTheirCategories() throws IOException {
        Catalogue catalogue = Catalogue.shipped();
        Map<String, List<String>> contributors = new TreeMap<>();
        for (String[] row : domainRows()) {
            if (!row[9].isEmpty()) {
                contributors.computeIfAbsent(row[9], k -> new ArrayList<>()).add(row[0]);
            }
        }
        assertEquals(Set.of("CPM1", "CPM2", "CPM3", "CPM6", "CPM7", "CPM8"), contributors.keySet());
        contributors.forEach((composite, ids) -> {
            assertEquals(MeasureKind.COMPOSITE, catalogue.measure(composite).orElseThrow().kind(), composite);
            assertEquals(ids, catalogue.contributorsOf(composite).stream().map(MeasureDefinition::id).toList(),
                    composite + ": contributors");
        });
        // CPM4: Category 1 or 2; CPM5 and CSPN/PM7.4: Category 3, 4 or 5 (the rows' names).
        assertEquals(Set.of(1, 2), catalogue.measure("CPM4").orElseThrow().scope().incidentCategories());
        assertEquals(Set.of(3, 4, 5), catalogue.measure("CPM5").orElseThrow().scope().incidentCategories());
        assertEquals(Set.of(3, 4, 5), catalogue.measure("CSPN/PM7.4").orElseThrow().scope().incidentCategories());
    }

    /** The report's TRT text, {@code 25s}, {@code 2h}, {@code 90d}: read here by hand, not by the parser under test. */
    private static Duration duration(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unexpected TRT in the domain file: " + text);
        };
    }

    private static List<String[]> domainRows() throws IOException {
        try (InputStream in = DomainCatalogueTest.class.getResourceAsStream(DOMAIN)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split(",", -1)).toList();
        }
    }
}
