package io.pmr.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.IncidentRegister;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo with the data no agent sees (incidents, availability, supplied ratios and counts, power outages, an
 * exclusion), imported as a user would: every catalogue row is in the report, and the imported measures have the
 * figures worked by hand in {@link DemoImports}.
 */
class DemoImportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static DemoRun.Result result;

    @BeforeAll
    static void runTheDemo() {
        result = DemoRun.run(DemoOptions.defaults(YearMonth.of(2020, 9), 30, 7, dir).withClassic(true));
    }

    @Test
    void everyCatalogueRowIsInTheJsonReportWithALevelOrNoEventsNotReportedOrDataExempted() throws IOException {
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        Map<String, JsonNode> byId = new HashMap<>();
        report.get("measures").forEach(m -> byId.put(m.get("id").asText(), m));
        for (MeasureDefinition measure : Catalogue.shipped().measures()) {
            JsonNode figure = byId.get(measure.id());
            assertNotNull(figure, measure.id() + " is missing from report.json");
            String status = figure.get("status").asText();
            if (figure.get("level").isNull()) {
                assertTrue(Set.of("no_events", "not_reported", "data_exempted").contains(status),
                        measure.id() + " has neither a level nor no_events, not_reported or data_exempted: " + figure);
                assertEquals(status.equals("not_reported"), figure.get("source").asText().equals("none"),
                        measure.id() + ": not_reported exactly when no source reported it: " + figure);
            } else {
                assertTrue(Set.of("at_or_above_target", "below_target", "below_minimum").contains(status),
                        measure.id() + " " + status);
            }
        }
        assertEquals(Catalogue.shipped().measures().size(), report.get("measures").size());
        assertEquals(1, report.get("version").get("number").asInt());
        // the composites follow the report's rule: the mean of the contributors' levels, not-reported ones left out
        for (JsonNode figure : report.get("measures")) {
            if (figure.get("kind").asText().equals("composite") && !figure.get("level").isNull()) {
                JsonNode composite = figure.get("composite");
                assertEquals("mean_of_levels", composite.get("method").asText());
                assertEquals(figure.get("level").asText(), composite.get("meanOfLevels").asText(), figure.get("id").asText());
                java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
                int terms = 0;
                for (JsonNode contributor : composite.get("contributors")) {
                    if (contributor.get("inMean").asBoolean()) {
                        sum = sum.add(new BigDecimal(byId.get(contributor.get("id").asText()).get("level").asText()));
                        terms++;
                    }
                }
                assertEquals(figure.get("level").asText(), sum.divide(BigDecimal.valueOf(terms), 2,
                        java.math.RoundingMode.HALF_UP).toPlainString(), figure.get("id").asText());
            }
        }
        assertTrue(result.oracle().matches(), () -> "mismatches: " + result.oracle().mismatches());
    }

    @Test
    void incidentsByClosedDateCategoryAndExclusion() {
        assertLevel("CPM4", "66.67", "below_minimum");          // 2 of 3 (INC-1004 excluded as a duplicate)
        MeasureFigure cpm5 = figure("CPM5");
        assertLevel("CPM5", "100.00", "at_or_above_target");     // 3 of 3 after excluding INC-1006
        assertEquals(new BigDecimal("75.00"), cpm5.before().level()); // 3 of 4 before exclusions
        assertLevel("CSPN/PM7.4", "50.00", "below_target");      // a KPI: never below minimum
        assertTrue(figure("CSPN/PM7.4").kpi());
    }

    @Test
    void incidentsOnTheImpactClockWithCommentaryAndAgedOpen() {
        FigureDetail.Incidents cpm4 = (FigureDetail.Incidents) figure("CPM4").detail();
        Map<String, FigureDetail.IncidentTiming> byId = new HashMap<>();
        cpm4.incidents().forEach(t -> byId.put(t.incidentId(), t));
        assertEquals("impact", byId.get("INC-1001").clock());
        assertEquals(9_000L, byId.get("INC-1001").impactSeconds());        // 2 h 30 m
        assertEquals(12_600L, byId.get("INC-1001").incidentSeconds());     // 3 h 30 m
        assertEquals(16_200L, byId.get("INC-1002").impactSeconds());       // 4 h 30 m: failed
        assertTrue(byId.get("INC-1003").clockFallback(), "no impact times: raised to resolved");
        MonthlyReport report = result.report();
        assertEquals("below_minimum", report.commentaryOf("CPM4").orElseThrow().status());
        assertTrue(report.commentaryOf("CPM4").orElseThrow().matchesStatus());
        assertEquals(List.of(new IncidentRegister.AgedOpen("2020-09", 4, 1), new IncidentRegister.AgedOpen("2020-09",
                5, 1)), report.incidents().agedOpen());
    }

    @Test
    void availabilityWithAnOverrunMaintenanceWindow() {
        assertLevel("CSPN/PM6.2", "99.93", "below_target");      // 43,170 of 43,200 minutes
        FigureDetail.Availability detail = (FigureDetail.Availability) figure("CSPN/PM6.2").detail();
        assertEquals(90 * 60, detail.outageSeconds());
        assertEquals(60 * 60, detail.maintenanceExcusedSeconds());
        assertLevel("DSP/PM2.1", "99.95", "at_or_above_target"); // 43,180 of 43,200 minutes
    }

    @Test
    void suppliedRatiosCountsAndAQuarter() {
        assertLevel("CSPN/PM1.1", "82.40", "at_or_above_target");
        assertLevel("CSPN/PM11", "97.00", "below_target");
        assertLevel("DSP/PM3", "2.00", "below_target");            // a count: lower is better, target 0, minimum 5
        assertLevel("S1SP-SIE/PM3.1", "0.00", "at_or_above_target");
        MeasureFigure quarterly = figure("DSP/PM7");
        assertEquals("2020-Q3", quarterly.period());
        assertEquals(new BigDecimal("90.00"), quarterly.level());
    }

    @Test
    void powerOutagesPerEventAndAsHistoricallyReported() throws IOException {
        MeasureFigure pm122 = figure("CSPN/PM12.2");
        assertEquals(new BigDecimal("99.59"), pm122.level());     // 1,837.25 / 1,844.75 required alerts credited
        FigureDetail.PowerOutage detail = (FigureDetail.PowerOutage) pm122.detail();
        assertEquals(new BigDecimal("387.85"), detail.historicalLevel()); // 6,864 / 1,769.75
        assertEquals(6929, pm122.denominator());
        assertEquals(6864, pm122.numerator());
        assertLevel("CSPN/PM12.1", "97.62", "below_target");     // 41 of 42
        assertTrue(Files.readString(dir.resolve("power-outage-events.csv")).contains("PO-N-3"));
        assertTrue(Files.readString(dir.resolve("credits.csv")).startsWith("provider,measure,"));
    }

    private static void assertLevel(String id, String level, String status) {
        MeasureFigure figure = figure(id);
        assertEquals(level, figure.level() == null ? null : figure.level().toPlainString(), id + " level");
        assertEquals(status, figure.status().code(), id + " status");
    }

    private static MeasureFigure figure(String id) {
        MonthlyReport report = result.report();
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in the report"));
    }
}
