package io.pmr.collector.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalogue folder: its four files, their exact error messages, checks across files and shipped defaults. */
class CatalogueFolderTest {
    static final String MEASURES = """
            # a small catalogue
            CPM1,DCC,Code,Composite,composite,,monthly,99.00,96.00,
            CSPN/PM4.3,CSP North,SMETS2,RTT4,within_trt,25s,monthly,85.00,80.00,CPM1
            CSPN/PM6.3,CSP North,Availability,Access Node (KPI),availability,,monthly,99.80,,
            DSP/PM3,DSP,Application Management,Change incidents,count,,monthly,0,5,
            VF/RADIO,S1SP Vodafone,Availability,Radio,availability,,monthly,99.00,99.00,
            """;
    static final String CATEGORIES = """
            category,target_resolution,description
            1,3h,critical
            2,6h,high
            3,1d,medium
            4,3d,low
            5,7d,"minimal, really"
            """;
    static final String CREDITS = """
            # measure,points_at_minimum,max_points
            measure,points_at_minimum,max_points
            CPM1,5,10
            CSPN/PM4.3,10,20
            DSP/PM3,10,20.5
            """;
    static final String PROVIDERS = """
            provider,pounds_per_point
            DCC,1000
            CSP North,1500.50
            DSP,2500
            """;

    @TempDir
    Path dir;

    @Test
    void folderLoadsEveryFile() throws IOException {
        Catalogue catalogue = Catalogue.load(folder(MEASURES, CATEGORIES, CREDITS, PROVIDERS));

        assertEquals(5, catalogue.measures().size());
        assertEquals(dir.toString(), catalogue.source());
        assertEquals(Duration.ofHours(3), catalogue.incidentTargetResolution(1));
        assertEquals(Duration.ofDays(7), catalogue.incidentTargetResolution(5));
        assertEquals("minimal, really", catalogue.incidentCategories().get(4).description());
        assertThrows(IllegalArgumentException.class, () -> catalogue.incidentTargetResolution(6));
        // no clock column: every category's target applies to the impact clock
        assertEquals(IncidentClock.IMPACT, catalogue.incidentClock(1));
        assertEquals(IncidentClock.IMPACT, catalogue.incidentClock(5));
        assertEquals(List.of("CPM1", "CSPN/PM4.3", "DSP/PM3"), List.copyOf(catalogue.serviceCredits().keySet()));
        ServiceCreditSchedule count = catalogue.serviceCredit("DSP/PM3").orElseThrow();
        assertEquals(new BigDecimal("10"), count.pointsAtMinimum());
        assertEquals(new BigDecimal("20.5"), count.maxPoints());
        assertEquals(5, count.lineNumber());
        assertEquals(Optional.empty(), catalogue.serviceCredit("CSPN/PM6.3"), "KPI");
        assertEquals(Optional.of(new BigDecimal("1500.50")), catalogue.poundsPerPoint("CSP North"));
        assertEquals(Optional.empty(), catalogue.poundsPerPoint("S1SP Vodafone"));
    }

    @Test
    void theClockColumnSaysWhichDurationEachCategoryTargetAppliesTo() throws IOException {
        String categories = """
                category,target_resolution,description,clock
                1,4h,critical,impact
                2,8h,high,INCIDENT
                3,1d,medium,incident
                4,3d,low,impact
                5,7d,minimal,impact
                """;
        Catalogue catalogue = Catalogue.load(folder(MEASURES, categories, CREDITS, PROVIDERS));
        assertEquals(IncidentClock.IMPACT, catalogue.incidentClock(1));
        assertEquals(IncidentClock.INCIDENT, catalogue.incidentClock(2), "case-insensitive");
        assertEquals(IncidentClock.INCIDENT, catalogue.incidentClock(3));
        assertEquals(Duration.ofHours(8), catalogue.incidentTargetResolution(2));
        assertThrows(IllegalArgumentException.class, () -> catalogue.incidentClock(0));
        // the shipped catalogue writes the default out: every category on the impact clock
        for (IncidentCategory category : Catalogue.shipped().incidentCategories()) {
            assertEquals(IncidentClock.IMPACT, category.clock(), "category " + category.category());
        }
    }

    @Test
    void missingOptionalFilesTakeTheShippedDefaults() throws IOException {
        Files.writeString(dir.resolve(Catalogue.MEASURES_FILE), MEASURES);

        Catalogue catalogue = Catalogue.load(dir);

        // Shipped defaults: 1=4h, 2=8h, 3=2d, 4=5d, 5=10d.
        List<Duration> expected = List.of(Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(2),
                Duration.ofDays(5), Duration.ofDays(10));
        for (int category = 1; category <= 5; category++) {
            assertEquals(expected.get(category - 1), catalogue.incidentTargetResolution(category));
        }
        // The shipped schedules of measures this catalogue has (and that can earn points) apply; the rest are skipped.
        // The shipped file has none for the CPMs: the DCC is not charged (shipped providers.csv).
        assertEquals(List.of("CSPN/PM4.3", "DSP/PM3"), List.copyOf(catalogue.serviceCredits().keySet()));
        assertFalse(catalogue.charged("DCC"));
        assertEquals(Optional.of(new BigDecimal("1500.00")), catalogue.poundsPerPoint("CSP North"));
    }

    @Test
    void aSingleMeasuresFileStillLoads() throws IOException {
        Path file = dir.resolve("my-measures.csv");
        Files.writeString(file, MEASURES);
        Catalogue catalogue = Catalogue.load(file);
        assertEquals(5, catalogue.measures().size());
        assertEquals(Duration.ofHours(8), catalogue.incidentTargetResolution(2));
        assertTrue(catalogue.serviceCredit("CSPN/PM4.3").isPresent());
    }

    @Test
    void shippedCatalogueHasDefaultsForCategoriesCreditsAndEveryProvider() {
        Catalogue catalogue = Catalogue.shipped();
        assertEquals("classpath:catalogue/measures.csv", catalogue.source(), "as before the folder existed");
        assertEquals(Duration.ofHours(4), catalogue.incidentTargetResolution(1));
        assertEquals(Duration.ofDays(10), catalogue.incidentTargetResolution(5));
        for (int cpm = 1; cpm <= 8; cpm++) {
            assertFalse(catalogue.serviceCredit("CPM" + cpm).isPresent(), "CPM" + cpm + ": the DCC is not charged");
        }
        assertFalse(catalogue.charged("DCC"));
        assertTrue(catalogue.charged("CSP North"));
        List<String> uncredited = new ArrayList<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            assertTrue(catalogue.poundsPerPoint(measure.provider()).isPresent(), measure.provider());
            if (!measure.isKpi() && catalogue.serviceCredit(measure.id()).isEmpty() && catalogue.charged(measure.provider())) {
                uncredited.add(measure.id());
            }
            if (measure.isKpi()) {
                assertFalse(catalogue.serviceCredit(measure.id()).isPresent(), measure.id());
            }
        }
        // Only the Vodafone measures, whose target equals their minimum, have a minimum but no schedule.
        assertEquals(List.of("S1SP-VF/RADIO", "S1SP-VF/IOT-MGMT", "S1SP-VF/IOT", "S1SP-VF/MGMT", "S1SP-VF/LINKS"),
                uncredited);
        assertEquals(new BigDecimal("10"), catalogue.serviceCredit("CSPN/PM4.3").orElseThrow().pointsAtMinimum());
        assertEquals(new BigDecimal("20"), catalogue.serviceCredit("CSPN/PM4.3").orElseThrow().maxPoints());
    }

    @Test
    void folderWithoutMeasuresOrWithAnUnknownCsvFails() throws IOException {
        Files.writeString(dir.resolve(Catalogue.PROVIDERS_FILE), PROVIDERS);
        assertEquals(dir.resolve("measures.csv") + ": missing: a catalogue folder needs measures.csv",
                assertThrows(CatalogueException.class, () -> Catalogue.load(dir)).getMessage());

        Files.writeString(dir.resolve(Catalogue.MEASURES_FILE), MEASURES);
        Files.writeString(dir.resolve("service-credit.csv"), CREDITS);
        assertEquals(dir.resolve("service-credit.csv") + ": unknown catalogue file: expected measures.csv,"
                + " incident-categories.csv, service-credits.csv, providers.csv",
                assertThrows(CatalogueException.class, () -> Catalogue.load(dir)).getMessage());
    }

    @Test
    void brokenIncidentCategoriesAreReportedExactly() throws IOException {
        String file = Catalogue.INCIDENT_CATEGORIES_FILE;
        assertProblem(file, "", ":1: header: missing: the first line that is not a comment must be"
                + " 'category,target_resolution,description[,clock]'");
        assertProblem(file, "# note\ncategory,trt,description\n", ":2: header: expected"
                + " 'category,target_resolution,description[,clock]', found 'category,trt,description'");
        String withClock = CATEGORIES.replace("category,target_resolution,description",
                "category,target_resolution,description,clock").replace("1,3h,critical", "1,3h,critical,impact")
                .replace("2,6h,high", "2,6h,high,incident").replace("4,3d,low", "4,3d,low,impact")
                .replace("5,7d,\"minimal, really\"", "5,7d,\"minimal, really\",impact");
        assertProblem(file, withClock.replace("3,1d,medium", "3,1d,medium,wall"),
                ":4: clock: 'wall' is not a clock: expected impact or incident");
        assertProblem(file, withClock.replace("3,1d,medium", "3,1d,medium"),
                ":4: columns: expected 4 (category,target_resolution,description,clock), found 3");
        assertProblem(file, CATEGORIES.replace("3,1d,medium", "3,1 day,medium"),
                ":4: target_resolution: '1 day' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)");
        assertProblem(file, CATEGORIES.replace("3,1d,medium", "3,,medium"), ":4: target_resolution: is blank");
        assertProblem(file, CATEGORIES.replace("3,1d,medium", "6,1d,medium"), ":4: category: 6 is out of range 1..5");
        assertProblem(file, CATEGORIES.replace("3,1d,medium", "three,1d,medium"),
                ":4: category: 'three' is not a number 1..5");
        assertProblem(file, CATEGORIES.replace("3,1d,medium", "3,1d"),
                ":4: columns: expected 3 (category,target_resolution,description), found 2");
        assertProblem(file, CATEGORIES.replace("3,1d,medium", "2,1d,medium"), ":4: category: duplicate 2 (first on"
                + " line 3)");
        assertProblem(file, CATEGORIES.replace("3,1d,medium\n", "").replace("5,7d,\"minimal, really\"\n", ""),
                ":1: category: no row for [3, 5]: every category 1..5 needs a target_resolution");
    }

    @Test
    void brokenServiceCreditsAreReportedExactly() throws IOException {
        String file = Catalogue.SERVICE_CREDITS_FILE;
        assertProblem(file, CREDITS.replace("CPM1,5,10", "CPM1,five,10"),
                ":3: points_at_minimum: 'five' is not a decimal number");
        assertProblem(file, CREDITS.replace("CPM1,5,10", "CPM1,0,10"), ":3: points_at_minimum: is 0: a schedule must"
                + " award points (delete the row for a measure that earns none)");
        assertProblem(file, CREDITS.replace("CPM1,5,10", "CPM1,5,4.5"),
                ":3: max_points: 4.5 is below points_at_minimum 5");
        assertProblem(file, CREDITS.replace("CPM1,5,10", "CPM1,5,"), ":3: max_points: is blank");
        assertProblem(file, CREDITS.replace("CPM1,5,10", "CPM1,5,-10"), ":3: max_points: '-10' is negative");
        assertProblem(file, CREDITS + "CPM1,5,10\n", ":6: measure: duplicate 'CPM1' (first on line 3)");
        // Checks against the other files.
        assertProblem(file, CREDITS.replace("CPM1,5,10", "CPM9,5,10"),
                ":3: measure: 'CPM9' is not the id of a measure in measures.csv");
        assertProblem(file, CREDITS + "CSPN/PM6.3,10,20\n", ":6: measure: 'CSPN/PM6.3' is a KPI (blank minimum in"
                + " measures.csv line 4) and earns no service points");
        assertProblem(file, CREDITS + "VF/RADIO,10,20\n", ":6: measure: 'VF/RADIO' has target 99.00 and minimum"
                + " 99.00 (measures.csv line 6): points need the minimum below the target");
        assertProblem(Catalogue.PROVIDERS_FILE, PROVIDERS.replace("DSP,2500\n", ""), Catalogue.SERVICE_CREDITS_FILE,
                ":5: measure: provider 'DSP' of 'DSP/PM3' has no row in providers.csv");
    }

    @Test
    void countMeasureScheduleNeedsTheMinimumAboveTheTarget() throws IOException {
        Path folder = folder(MEASURES.replace("monthly,0,5,", "monthly,5,0,"), CATEGORIES, CREDITS, PROVIDERS);
        assertEquals(folder.resolve(Catalogue.SERVICE_CREDITS_FILE) + ":5: measure: 'DSP/PM3' has target 5 and"
                + " minimum 0 (measures.csv line 5): points need the minimum above the target",
                assertThrows(CatalogueException.class, () -> Catalogue.load(folder)).getMessage());
    }

    @Test
    void brokenProvidersAreReportedExactly() throws IOException {
        String file = Catalogue.PROVIDERS_FILE;
        assertProblem(file, PROVIDERS + "CSP Nrth,1500\n",
                ":5: provider: 'CSP Nrth' is not the provider of any measure in measures.csv");
        assertProblem(file, PROVIDERS + "DCC,1\n", ":5: provider: duplicate 'DCC' (first on line 2)");
        assertProblem(file, PROVIDERS.replace("DCC,1000", "DCC,£1000"),
                ":2: pounds_per_point: '£1000' is not a decimal number");
        assertProblem(file, PROVIDERS.replace("DCC,1000", ",1000"), ":2: provider: is blank");
        assertProblem(file, "provider,pounds\n", ":1: header: expected 'provider,pounds_per_point', found"
                + " 'provider,pounds'");
    }

    @Test
    void chargedColumnSaysWhichProvidersAreNeverCharged() throws IOException {
        String withCharged = """
                provider,pounds_per_point,charged
                DCC,0,no
                CSP North,1500.50,yes
                DSP,2500,
                """;
        Catalogue catalogue = Catalogue.load(folder(MEASURES, CATEGORIES, CREDITS, withCharged));
        assertFalse(catalogue.charged("DCC"));
        assertTrue(catalogue.charged("CSP North"));
        assertTrue(catalogue.charged("DSP"), "blank: yes");
        assertTrue(catalogue.serviceCredit("CPM1").isPresent(), "a schedule for an uncharged provider still loads");
        String file = Catalogue.PROVIDERS_FILE;
        assertProblem(file, withCharged.replace("DCC,0,no", "DCC,0,false"), ":2: charged: 'false' is not yes or no"
                + " (blank: yes)");
        assertProblem(file, withCharged.replace("DCC,0,no", "DCC,0"), ":2: columns: expected 3"
                + " (provider,pounds_per_point,charged), found 2");
    }

    @Test
    void brokenMeasuresInAFolderNameTheMeasuresFile() throws IOException {
        assertProblem(Catalogue.MEASURES_FILE, MEASURES.replace("RTT4,within_trt", "RTT4,within"),
                ":3: kind: 'within' is unknown: expected one of within_trt, power_outage, availability, incidents,"
                        + " count, ratio, composite");
    }

    /** Writes a good folder with {@code file} replaced by {@code content}; the load must fail naming that file. */
    private void assertProblem(String file, String content, String expected) throws IOException {
        assertProblem(file, content, file, expected);
    }

    private void assertProblem(String file, String content, String failingFile, String expected) throws IOException {
        Path folder = Files.createTempDirectory(dir, "catalogue");
        write(folder, Catalogue.MEASURES_FILE, MEASURES);
        write(folder, Catalogue.INCIDENT_CATEGORIES_FILE, CATEGORIES);
        write(folder, Catalogue.SERVICE_CREDITS_FILE, CREDITS);
        write(folder, Catalogue.PROVIDERS_FILE, PROVIDERS);
        write(folder, file, content);
        CatalogueException e = assertThrows(CatalogueException.class, () -> Catalogue.load(folder));
        assertEquals(folder.resolve(failingFile) + expected, e.getMessage());
    }

    private Path folder(String measures, String categories, String credits, String providers) throws IOException {
        write(dir, Catalogue.MEASURES_FILE, measures);
        write(dir, Catalogue.INCIDENT_CATEGORIES_FILE, categories);
        write(dir, Catalogue.SERVICE_CREDITS_FILE, credits);
        write(dir, Catalogue.PROVIDERS_FILE, providers);
        return dir;
    }

    static void write(Path folder, String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }
}
