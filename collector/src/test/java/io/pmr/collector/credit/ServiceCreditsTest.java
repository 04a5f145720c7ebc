package io.pmr.collector.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service points and credits, each expected figure worked by hand in the comments. Schedules: points grow by
 * points_at_minimum / (target - minimum) per percentage point of shortfall, capped at max_points.
 */
class ServiceCreditsTest {
    static final String MEASURES = """
            CPM1,DCC,Code,Composite,composite,,monthly,99.00,96.00,
            CSPN/PM4.3,CSP North,SMETS2,RTT4,within_trt,25s,monthly,85.00,80.00,CPM1
            CSPN/PM3.1,CSP North,SMETS2,Cat 2,within_trt,30s,monthly,99.00,96.00,CPM1
            CSPN/PM6.3,CSP North,Availability,Access Node (KPI),availability,,monthly,99.80,,
            CSPN/PM11,CSP North,Service Management,Coverage accuracy,ratio,,monthly,99.00,95.00,
            CSPC/PM4.3,CSP Central,SMETS2,RTT4,within_trt,25s,monthly,100.00,96.00,CPM1
            DSP/PM3,DSP,Application Management,Change incidents,count,,monthly,0,5,
            """;
    // CSPN/PM11 has a minimum but no row: it earns no points. CSPC/PM4.3: 1 point at minimum over a 4-point span.
    static final String CREDITS = """
            measure,points_at_minimum,max_points
            CPM1,10,20
            CSPN/PM4.3,10,20
            CSPN/PM3.1,10,20
            CSPC/PM4.3,1,2
            DSP/PM3,10,20
            """;
    static final String PROVIDERS = """
            provider,pounds_per_point
            DCC,1000
            CSP North,1500.00
            CSP Central,333.333
            DSP,2500
            """;

    @TempDir
    Path dir;
    Catalogue catalogue;
    ServiceCredits credits;

    @BeforeEach
    void catalogue() throws IOException {
        Files.writeString(dir.resolve(Catalogue.MEASURES_FILE), MEASURES, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(Catalogue.SERVICE_CREDITS_FILE), CREDITS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(Catalogue.PROVIDERS_FILE), PROVIDERS, StandardCharsets.UTF_8);
        catalogue = Catalogue.load(dir);
        credits = new ServiceCredits(catalogue);
    }

    @Test
    void atOrAboveTargetEarnsNothingAndHasNoRow() {
        CreditTable table = credits.compute(List.of(in("CSPN/PM4.3", "85.00"), in("CSPN/PM3.1", "99.50"),
                in("DSP/PM3", "0"), in("CSPN/PM6.3", "99.80")));
        assertEquals(List.of(), table.providers());
        assertEquals(new BigDecimal("0.00"), table.totalPoints());
        assertEquals(new BigDecimal("0.00"), table.totalPounds());
        assertEquals(catalogue.fingerprint(), table.catalogueFingerprint());
    }

    @Test
    void pointsAlongTheSchedule() {
        // CSPN/PM4.3: target 85, minimum 80, 10 points at minimum: 2 points per percentage point, cap 20.
        assertEquals("0.02", points("CSPN/PM4.3", "84.99")); // 0.01 x 10 / 5 = 0.02: just below target
        assertEquals("5.00", points("CSPN/PM4.3", "82.50")); // halfway: 2.5 x 10 / 5 = 5
        assertEquals("10.00", points("CSPN/PM4.3", "80.00")); // at minimum: points_at_minimum
        assertEquals("15.00", points("CSPN/PM4.3", "77.50")); // same slope below minimum: 7.5 x 2 = 15
        assertEquals("20.00", points("CSPN/PM4.3", "75.00")); // 10 x 2 = 20: exactly the cap
        assertEquals("20.00", points("CSPN/PM4.3", "12.34")); // 72.66 x 2 = 145.32, capped at 20
        assertEquals("20.00", points("CSPN/PM4.3", "0.00"));
    }

    @Test
    void pointsAreRoundedOnceHalfUpFromTheExactQuotient() {
        // CSPN/PM3.1: target 99, minimum 96: 10 / 3 points per percentage point, a quotient that never terminates.
        assertEquals("3.33", points("CSPN/PM3.1", "98.00")); // 1 x 10 / 3 = 3.333...
        assertEquals("6.67", points("CSPN/PM3.1", "97.00")); // 2 x 10 / 3 = 6.666... -> 6.67
        assertEquals("0.17", points("CSPN/PM3.1", "98.95")); // 0.05 x 10 / 3 = 0.1666... -> 0.17
        // CSPC/PM4.3: target 100, minimum 96, 1 point at minimum: 0.25 per percentage point.
        assertEquals("0.01", points("CSPC/PM4.3", "99.98")); // 0.02 x 0.25 = 0.005 exactly: half-up -> 0.01
        assertEquals("0.00", points("CSPC/PM4.3", "99.99")); // 0.0025 -> 0.00: missed target, yet 0.00 points
        assertEquals("2.00", points("CSPC/PM4.3", "80.00")); // 20 x 0.25 = 5, capped at 2
    }

    @Test
    void countMeasuresRunTheOtherWay() {
        // DSP/PM3: target 0, minimum 5 (lower is better), 10 points at minimum: 2 points per incident over target.
        assertEquals("2.00", points("DSP/PM3", "1"));
        assertEquals("5.00", points("DSP/PM3", "2.5"));
        assertEquals("10.00", points("DSP/PM3", "5")); // at minimum
        assertEquals("14.00", points("DSP/PM3", "7")); // beyond the minimum, same slope
        assertEquals("20.00", points("DSP/PM3", "12")); // 24, capped at 20
        assertTrue(credits.compute(List.of(in("DSP/PM3", "0"))).providers().isEmpty(), "0 is the target");
    }

    @Test
    void kpisAndMeasuresWithoutAScheduleAreListedWithZeroPoints() {
        CreditTable table = credits.compute(List.of(in("CSPN/PM6.3", "90.00"), in("CSPN/PM11", "50.00")));

        ProviderCredits north = table.providers().get(0);
        CreditRow kpi = north.rows().get(0);
        assertEquals("CSPN/PM6.3", kpi.measureId());
        assertTrue(kpi.kpi());
        assertFalse(kpi.credited());
        assertNull(kpi.minimum());
        assertEquals(new BigDecimal("0.00"), kpi.points());
        assertEquals(new BigDecimal("0.00"), kpi.pounds());
        CreditRow unscheduled = north.rows().get(1);
        assertEquals("CSPN/PM11", unscheduled.measureId());
        assertFalse(unscheduled.kpi());
        assertFalse(unscheduled.credited());
        assertEquals(new BigDecimal("0.00"), unscheduled.points());
        assertEquals(new BigDecimal("0.00"), north.totalPounds());
    }

    @Test
    void tablePerProviderWithTotals() {
        CreditTable table = credits.compute(List.of(
                in("DSP/PM3", "2"), // 4.00 points x 2500 = 10000.00
                in("CSPN/PM4.3", "82.50"), // 5.00 points x 1500 = 7500.00
                in("CSPN/PM3.1", "98.00"), // 3.33 points x 1500 = 4995.00
                in("CSPN/PM6.3", "95.00"), // KPI: 0
                in("CSPC/PM4.3", "92.00"), // 8 x 0.25 = 2, cap 2: 2.00 x 333.333 = 666.666 -> 666.67
                in("CPM1", "97.50"), // 1.5 x 10 / 3 = 5.00 x 1000 = 5000.00
                in("CSPN/PM11", null))); // no level: no row

        assertEquals(List.of("DCC", "CSP North", "CSP Central", "DSP"),
                table.providers().stream().map(ProviderCredits::provider).toList(), "catalogue order");
        ProviderCredits dcc = table.providers().get(0);
        CreditRow cpm1 = dcc.rows().get(0);
        assertEquals(new BigDecimal("5.00"), cpm1.points());
        assertEquals(new BigDecimal("5000.00"), cpm1.pounds());
        assertNull(cpm1.feedsCpm());

        ProviderCredits north = table.providers().get(1);
        assertEquals(List.of("CSPN/PM4.3", "CSPN/PM3.1", "CSPN/PM6.3"),
                north.rows().stream().map(CreditRow::measureId).toList());
        CreditRow rtt4 = north.rows().get(0);
        assertEquals(new BigDecimal("85.00"), rtt4.target());
        assertEquals(new BigDecimal("80.00"), rtt4.minimum());
        assertEquals(new BigDecimal("82.50"), rtt4.level());
        assertEquals(new BigDecimal("7500.00"), rtt4.pounds());
        assertEquals("CPM1", rtt4.feedsCpm());
        assertTrue(rtt4.credited());
        assertEquals(new BigDecimal("4995.00"), north.rows().get(1).pounds());
        assertEquals(new BigDecimal("8.33"), north.totalPoints()); // 5.00 + 3.33 + 0
        assertEquals(new BigDecimal("12495.00"), north.totalPounds()); // 7500 + 4995
        assertEquals(new BigDecimal("1500.00"), north.poundsPerPoint());

        ProviderCredits central = table.providers().get(2);
        assertEquals(new BigDecimal("2.00"), central.totalPoints());
        assertEquals(new BigDecimal("666.67"), central.totalPounds());

        ProviderCredits dsp = table.providers().get(3);
        assertEquals(new BigDecimal("4.00"), dsp.totalPoints());
        assertEquals(new BigDecimal("10000.00"), dsp.totalPounds());

        assertEquals(new BigDecimal("19.33"), table.totalPoints()); // 5 + 8.33 + 2 + 4
        assertEquals(new BigDecimal("28161.67"), table.totalPounds()); // 5000 + 12495 + 666.67 + 10000
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<CreditInput> inputs = new ArrayList<>(List.of(in("DSP/PM3", "3"), in("CSPN/PM4.3", "81.17"),
                in("CSPN/PM3.1", "96.01"), in("CSPN/PM6.3", "95.00"), in("CSPC/PM4.3", "99.98"), in("CPM1", "90")));
        CreditTable expected = credits.compute(inputs);
        Random random = new Random(20201130L);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(inputs, random);
            assertEquals(expected, credits.compute(inputs));
        }
    }

    @Test
    void unknownOrRepeatedMeasuresAreRefused() {
        assertEquals("credit input names unknown measure 'CSPS/PM4.3'", assertThrows(IllegalArgumentException.class,
                () -> credits.compute(List.of(in("CSPS/PM4.3", "50")))).getMessage());
        assertEquals("credit input names measure 'DSP/PM3' twice", assertThrows(IllegalArgumentException.class,
                () -> credits.compute(List.of(in("DSP/PM3", "1"), in("DSP/PM3", "2")))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> in("DSP/PM3", "-1"));
    }

    @Test
    void shippedCatalogueCreditsTheSeptemberFigures() {
        // Figures of the pmr demo for 2020-09, seed 7: CSPN/PM4.3 81.87 (target 85, minimum 80), CPM1 92.56
        // (target 99, minimum 96), CSPC/PM4.3 97.63 at target. Shipped schedules: 10 points at minimum, cap 20.
        Catalogue shipped = Catalogue.shipped();
        CreditTable table = new ServiceCredits(shipped).compute(List.of(in("CSPN/PM4.3", "81.87"),
                in("CPM1", "92.56"), in("CSPC/PM4.3", "97.63")));
        // CPM1 missed its target but the DCC is not charged (shipped providers.csv): listed with 0 points.
        CreditRow cpm1 = table.providers().get(0).rows().get(0);
        assertEquals("CPM1", cpm1.measureId());
        assertFalse(cpm1.charged());
        assertEquals(new BigDecimal("0.00"), table.providers().get(0).totalPoints());
        assertEquals(new BigDecimal("0.00"), table.providers().get(0).totalPounds());
        // CSPN/PM4.3: 3.13 x 10 / 5 = 6.26 points; x 1500.00 (illustrative) = 9390.00.
        assertEquals(new BigDecimal("6.26"), table.providers().get(1).totalPoints());
        assertEquals(new BigDecimal("9390.0000"), table.providers().get(1).rows().get(0).points()
                .multiply(new BigDecimal("1500.00")));
        assertEquals(new BigDecimal("9390.00"), table.providers().get(1).totalPounds());
        assertTrue(table.providers().get(1).rows().get(0).charged());
        assertEquals("SMETS2", table.providers().get(1).rows().get(0).generation());
        assertEquals(2, table.providers().size());
        assertEquals(new BigDecimal("9390.00"), table.totalPounds());
        assertEquals(shipped.fingerprint(), table.catalogueFingerprint());
    }

    @Test
    void codePerformanceMeasuresAccrueNothingWhateverTheSchedulesSay() throws IOException {
        // The same catalogue, with DCC marked charged=no: CPM1 keeps its schedule (10 at minimum, cap 20) but at 92.56
        // it earns 0.00, where a charged provider would earn the cap (6.44 x 10 / 3 = 21.47 -> 20.00). Flipping the
        // flag back charges it: the rule is the data, not the provider's name.
        Path notCharged = folderWith(PROVIDERS.replace("provider,pounds_per_point\n", "provider,pounds_per_point,charged\n")
                .replace("DCC,1000\n", "DCC,1000,no\n").replace("CSP North,1500.00\n", "CSP North,1500.00,yes\n")
                .replace("CSP Central,333.333\n", "CSP Central,333.333,\n").replace("DSP,2500\n", "DSP,2500,yes\n"));
        CreditTable table = new ServiceCredits(Catalogue.load(notCharged)).compute(List.of(in("CPM1", "92.56"),
                in("CSPN/PM4.3", "81.87")));
        CreditRow cpm1 = table.providers().get(0).rows().get(0);
        assertEquals("CPM1", cpm1.measureId());
        assertTrue(cpm1.credited(), "the schedule is there");
        assertFalse(cpm1.charged());
        assertEquals(new BigDecimal("0.00"), cpm1.points());
        assertEquals(new BigDecimal("0.00"), cpm1.pounds());
        assertEquals(new BigDecimal("9390.00"), table.totalPounds(), "only CSP North's 6.26 points x 1500");
        assertEquals(new BigDecimal("20.00"), credits.compute(List.of(in("CPM1", "92.56"))).totalPoints(),
                "charged (the default) with the same schedule: the cap");
    }

    @Test
    void smets1ProvidersCreditsGoToTheSmets1Table() {
        Catalogue shipped = Catalogue.shipped();
        CreditGeneration generation = new CreditGeneration(shipped);
        assertEquals("SMETS1", generation.of(shipped.measure("S1SP-SIE/PM1.1").orElseThrow()), "group SMETS1");
        assertEquals("SMETS1", generation.of(shipped.measure("S1SP-SIE/PM2.1").orElseThrow()),
                "group Availability, of a provider with SMETS1 measures");
        assertEquals("SMETS2", generation.of(shipped.measure("DSP/PM2.1").orElseThrow()));
        assertEquals("SMETS2", generation.of(shipped.measure("CSPN/PM4.3").orElseThrow()));
    }

    /** A copy of this test's catalogue folder with another providers.csv. */
    private Path folderWith(String providers) throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve(Catalogue.MEASURES_FILE), MEASURES, StandardCharsets.UTF_8);
        Files.writeString(other.resolve(Catalogue.SERVICE_CREDITS_FILE), CREDITS, StandardCharsets.UTF_8);
        Files.writeString(other.resolve(Catalogue.PROVIDERS_FILE), providers, StandardCharsets.UTF_8);
        return other;
    }

    private String points(String measureId, String level) {
        CreditTable table = credits.compute(List.of(in(measureId, level)));
        return table.providers().get(0).rows().get(0).points().toPlainString();
    }

    private static CreditInput in(String measureId, String level) {
        return new CreditInput(measureId, level == null ? null : new BigDecimal(level));
    }
}
