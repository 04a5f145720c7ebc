package io.pmr.collector.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** measures.csv: the shipped rows, the per-line checks and the checks across its lines. */
class CatalogueTest {
    private static final String HEADER = "# id,provider,group,name,kind,trt,period,target,minimum,contributes_to\n";

    @TempDir
    Path dir;

    @Test
    void shippedCatalogueHasEveryRowOfTheReportInOrder() throws IOException {
        List<String> dataLines;
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(Catalogue.SHIPPED_RESOURCE)) {
            dataLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
        Catalogue catalogue = Catalogue.shipped();

        // 111 rows in /work/shared/domain/measures.csv (September 2020 report).
        assertEquals(111, dataLines.size());
        assertEquals(111, catalogue.measures().size());
        for (int i = 0; i < dataLines.size(); i++) {
            assertEquals(dataLines.get(i).substring(0, dataLines.get(i).indexOf(',')),
                    catalogue.measures().get(i).id());
        }
        MeasureDefinition rtt4 = catalogue.measure("CSPN/PM4.3").orElseThrow();
        assertEquals(MeasureKind.WITHIN_TRT, rtt4.kind());
        assertEquals(new BigDecimal("85.00"), rtt4.target());
        assertEquals(new BigDecimal("80.00"), rtt4.minimum());
        assertEquals("CPM1", rtt4.contributesTo());
        assertEquals(Optional.of(Duration.ofSeconds(25)), catalogue.trt("CSPN/PM4.3"));
        assertEquals(Optional.of(Duration.ofHours(22)), catalogue.trt("CSPS/PM4.1"));
        assertNull(catalogue.measure("CSPN/PM6.3").orElseThrow().minimum(), "KPI without minimum");
        assertEquals(11, catalogue.contributorsOf("CPM2").size());
    }

    @Test
    void shippedCatalogueSetsPlaceholderTrtsForTheMeasuresTheRigFeeds() {
        Catalogue catalogue = Catalogue.shipped();
        for (String region : List.of("CSPN", "CSPC", "CSPS")) {
            assertEquals(Optional.of(Duration.ofSeconds(30)), catalogue.trt(region + "/PM3.1"));
            assertEquals(Optional.of(Duration.ofSeconds(60)), catalogue.trt(region + "/PM3.2"));
            assertEquals(Optional.of(Duration.ofHours(2)), catalogue.trt(region + "/PM4.2"));
            assertEquals(Optional.of(Duration.ofHours(24)), catalogue.trt(region + "/PM2"));
            assertEquals(Optional.of(Duration.ofSeconds(60)), catalogue.trt(region + "/PM12.2"));
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), catalogue.trt("DSP/PM1.1"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), catalogue.trt("DSP/PM13"), "the SMKI repository's placeholder");
        assertEquals(Optional.empty(), catalogue.trt("DSP/PM11"), "blank TRTs stay blank");
        assertEquals(Optional.empty(), catalogue.trtRule("DSP/PM11"));
        assertEquals(Optional.empty(), catalogue.trt("NO/SUCH"));
    }

    @Test
    void brokenLineNamesFileLineColumnAndProblem() throws IOException {
        Path file = write(HEADER
                + "CPM1,DCC,Code,Composite,composite,,monthly,99.00,96.00,\n"
                + "\n"
                + "CSPN/PM4.3,CSP North,SMETS2,RTT4,within_trt,25 sec,monthly,85.00,80.00,CPM1\n");

        CatalogueException e = assertThrows(CatalogueException.class, () -> Catalogue.load(file));

        assertEquals(file + ":4: trt: '25 sec' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)",
                e.getMessage());
    }

    @Test
    void quartersColumnSaysWhichQuartersAQuarterlyMeasureFollows() throws IOException {
        Path file = write(HEADER
                + "A,P,G,N,ratio,,quarterly,100.00,90.00,\n"
                + "B,P,G,N,ratio,,quarterly,100.00,90.00,,,1\n"
                + "C,P,G,N,within_trt,90d,quarterly,99.00,90.00,,,2\n"
                + "D,P,G,N,within_trt,90d,quarterly,99.00,90.00,,,11\n"
                + "E,P,G,N,within_trt,90d,quarterly,99.00,90.00,,,3\n"
                + "F,P,G,N,within_trt,25s,monthly,99.00,90.00,,,\n");
        Catalogue catalogue = Catalogue.load(file);
        assertEquals(1, catalogue.measure("A").orElseThrow().quartersStart(), "blank: calendar quarters");
        assertEquals(1, catalogue.measure("B").orElseThrow().quartersStart());
        assertEquals(2, catalogue.measure("C").orElseThrow().quartersStart(), "Feb-Apr, May-Jul, Aug-Oct, Nov-Jan");
        assertEquals(2, catalogue.measure("D").orElseThrow().quartersStart(), "November starts a Feb quarter too");
        assertEquals(3, catalogue.measure("E").orElseThrow().quartersStart());
        assertTrue(catalogue.measure("C").orElseThrow().offsetQuarters());
        assertEquals(1, catalogue.measure("F").orElseThrow().quartersStart());
        for (MeasureDefinition measure : Catalogue.shipped().measures()) {
            if (measure.isQuarterly()) {
                assertEquals(1, measure.quartersStart(), measure.id() + ": the shipped quarters are calendar quarters");
            }
        }
    }

    @Test
    void badQuartersNameFileLineAndField() throws IOException {
        assertProblem("A,P,G,N,ratio,,quarterly,100.00,90.00,,,13\n",
                ":2: quarters: '13' is not a month number 1..12 (the first month of one of the measure's quarters)");
        assertProblem("A,P,G,N,ratio,,quarterly,100.00,90.00,,,Feb\n",
                ":2: quarters: 'Feb' is not a month number: give the first month of one of the measure's quarters,"
                        + " 1..12 (1 = Jan-Mar, Apr-Jun, ...; 2 = Feb-Apr, May-Jul, ...)");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,,,2\n",
                ":2: quarters: '2' is set but the measure is monthly: only quarterly measures follow quarters (leave it"
                        + " blank)");
    }

    @Test
    void eachKindOfBrokenLineIsReportedExactly() throws IOException {
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00\n",
                ":2: columns: expected 10 to 13 (id,provider,group,name,kind,trt,period,target,minimum,"
                        + "contributes_to[,scope[,quarters[,method]]]), found 8");
        assertProblem("A,P,G,N,within_speed,25s,monthly,85.00,80.00,\n", ":2: kind: 'within_speed' is unknown:"
                + " expected one of within_trt, power_outage, availability, incidents, count, ratio, composite");
        assertProblem("A,P,G,N,within_trt,25s,weekly,85.00,80.00,\n",
                ":2: period: 'weekly' is not monthly or quarterly");
        assertProblem("A,P,G,N,within_trt,25s,monthly,high,80.00,\n", ":2: target: 'high' is not a decimal number");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,-1,\n", ":2: minimum: '-1' is negative");
        assertProblem(",P,G,N,within_trt,25s,monthly,85.00,80.00,\n", ":2: id: is blank");
        assertProblem("A B,P,G,N,within_trt,25s,monthly,85.00,80.00,\n",
                ":2: id: 'A B' must not contain spaces, control characters, '+' or '#'");
        assertProblem("A,P,G,N,within_trt,0s,monthly,85.00,80.00,\n", ":2: trt: '0s' is not positive");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,\nA,P,G,N,within_trt,25s,monthly,85.00,80.00,\n",
                ":3: id: duplicate 'A' (first on line 2)");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,\"CPM1\n", ":2: line: unbalanced quote");
        assertProblem("A,P,G,N,incidents,,monthly,90,80,\n",
                ":2: scope: an incidents measure needs categories=..., e.g. categories=1-2");
        assertProblem("A,P,G,N,incidents,,monthly,90,80,,categories=0-2\n",
                ":2: scope: scope category 0 is out of range 1..5");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85,80,,categories=1\n",
                ":2: scope: categories apply only to incidents measures, not within_trt");
    }

    @Test
    void methodColumnChoosesTheHeadlineOfCompositesAndPowerOutagesAndIsCheckedAtLoad() throws IOException {
        Catalogue catalogue = Catalogue.load(write(HEADER
                + "X,DCC,Code,N,composite,,monthly,99,96,\n"
                + "Y,DCC,Code,N,composite,,monthly,99,96,,,,pooled\n"
                + "A,P,G,N,within_trt,25s,monthly,85.00,80.00,X,,\n"
                + "B,P,G,N,power_outage,60s,monthly,99,96,,,,as_published\n"
                + "C,P,G,N,power_outage,60s,monthly,99,96,,\n"));
        assertEquals(MeasureMethod.MEAN_OF_LEVELS, catalogue.measure("X").orElseThrow().method(), "blank: the default");
        assertEquals(MeasureMethod.POOLED, catalogue.measure("Y").orElseThrow().method());
        assertNull(catalogue.measure("A").orElseThrow().method(), "within_trt has no method");
        assertEquals(MeasureMethod.AS_PUBLISHED, catalogue.measure("B").orElseThrow().method());
        assertEquals(MeasureMethod.PER_EVENT, catalogue.measure("C").orElseThrow().method());

        assertProblem("X,DCC,Code,N,composite,,monthly,99,96,,,,average\n", ":2: method: 'average' is not a method of"
                + " a composite measure: expected mean_of_levels or pooled (or blank for mean_of_levels)");
        assertProblem("B,P,G,N,power_outage,60s,monthly,99,96,,,,pooled\n", ":2: method: 'pooled' is not a method of a"
                + " power_outage measure: expected per_event or as_published (or blank for per_event)");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,,,,pooled\n", ":2: method: 'pooled': a within_trt"
                + " measure has no method (leave it blank; methods apply to composite and power_outage measures)");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,,,,,extra\n",
                ":2: columns: expected 10 to 13 (id,provider,group,name,kind,trt,period,target,minimum,"
                        + "contributes_to[,scope[,quarters[,method]]]), found 14");
    }

    @Test
    void contributionsMustNameAnExistingCompositeWithoutCycles() throws IOException {
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,CPM9\n",
                ":2: contributes_to: 'CPM9' is not the id of a measure in this catalogue");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,\nB,P,G,N,within_trt,25s,monthly,85.00,80.00,A\n",
                ":3: contributes_to: 'A' is a within_trt measure, not a composite");
        assertProblem("A,P,G,N,within_trt,25s,monthly,85.00,80.00,X\n"
                        + "X,P,G,N,composite,,monthly,99,96,Y\n"
                        + "Y,P,G,N,composite,,monthly,99,96,Z\n"
                        + "Z,P,G,N,composite,,monthly,99,96,X\n",
                ":3: contributes_to: cycle X -> Y -> Z -> X");
        assertProblem("X,P,G,N,composite,,monthly,99,96,X\n", ":2: contributes_to: measure 'X' contributes to itself");
    }

    @Test
    void compositesMayFeedCompositesWithoutACycle() throws IOException {
        Catalogue catalogue = Catalogue.load(write(HEADER
                + "A,P,G,N,within_trt,25s,monthly,85.00,80.00,X\n"
                + "X,P,G,N,composite,,monthly,99,96,Y\n"
                + "Y,P,G,N,composite,,monthly,99,96,\n"));
        assertEquals(List.of("X"), catalogue.contributorsOf("Y").stream().map(MeasureDefinition::id).toList());
    }

    @Test
    void theTrtColumnTakesWallClockDeadlinesAndHoursConditions() throws IOException {
        Catalogue shipped = Catalogue.shipped();
        assertEquals(Optional.of(Trt.parseRule("by 06:59 next day in 07:00-18:00")), shipped.trtRule("TSP/PM1.1"));
        assertEquals(Optional.of(Trt.parseRule("15s in core hours")), shipped.trtRule("TSP/PM1.7"));
        assertEquals("15s in core hours", shipped.measure("TSP/PM1.7").orElseThrow().trtText());
        assertEquals(Optional.empty(), shipped.trt("TSP/PM1.1"), "not a fixed duration: no per-kind TRT");
        assertEquals(Optional.empty(), shipped.trt("TSP/PM1.7"), "an hours condition is not a fixed TRT either");
        assertEquals(Optional.of(Duration.ofSeconds(30)), shipped.trt("TSP/PM1.4"));
        assertEquals(Optional.of(TrtRule.of(Duration.ofSeconds(30))), shipped.trtRule("TSP/PM1.4"));

        assertProblem("A,P,G,N,within_trt,by 06:59 next day in 18:00-07:00,monthly,85.00,80.00,\n",
                ":2: trt: 'by 06:59 next day in 18:00-07:00' is not a TRT: hours 18:00-07:00 end at or before they"
                        + " start: a window is within one day (e.g. 07:00-18:00)");
        assertProblem("A,P,G,N,within_trt,by 25:00 next day,monthly,85.00,80.00,\n",
                ":2: trt: 'by 25:00 next day' is not a TRT: '25:00' is not a time of day 00:00..23:59");
        assertProblem("A,P,G,N,availability,15s in core hours,monthly,85.00,80.00,\n",
                ":2: trt: '15s in core hours' is a wall-clock deadline or hours condition, which only a within_trt"
                        + " measure takes, not availability (write a duration, e.g. 60s)");
    }

    @Test
    void quotedFieldsMayHoldCommasAndAHeaderLineIsOptional() throws IOException {
        Catalogue catalogue = Catalogue.load(write("id,provider,group,name,kind,trt,period,target,minimum,"
                + "contributes_to,scope\n"
                + "A,P,G,\"Alerts, delivered \"\"on time\"\"\",within_trt,500ms,monthly,85,,\n"));
        MeasureDefinition measure = catalogue.measures().get(0);
        assertEquals(1, catalogue.measures().size());
        assertEquals("Alerts, delivered \"on time\"", measure.name());
        assertEquals(Duration.ofMillis(500), measure.trtDuration().orElseThrow());
        assertEquals(2, measure.lineNumber());
        assertNull(measure.minimum());
    }

    @Test
    void parsedTextTakesTheShippedDefaultsForTheOtherFiles() {
        Catalogue catalogue = Catalogue.parse("test-catalogue", new StringReader(
                "CSPN/PM4.3,CSP North,SMETS2,RTT4,within_trt,25s,monthly,85.00,80.00,\n"));
        assertEquals(Duration.ofHours(4), catalogue.incidentTargetResolution(1));
        // The shipped schedule for CSPN/PM4.3 fits; the shipped rows for the other 98 measures are skipped.
        assertEquals(List.of("CSPN/PM4.3"), List.copyOf(catalogue.serviceCredits().keySet()));
        assertEquals("test-catalogue", catalogue.source());
    }

    private void assertProblem(String rows, String expected) throws IOException {
        Path file = write(HEADER + rows);
        CatalogueException e = assertThrows(CatalogueException.class, () -> Catalogue.load(file));
        assertEquals(file + expected, e.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "catalogue", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
