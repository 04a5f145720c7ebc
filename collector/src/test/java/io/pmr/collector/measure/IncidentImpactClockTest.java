package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The impact clock, end to end: an incidents file imported into a real SQLite store, the report computed from it with
 * the shipped catalogue (category 1: 4 h, impact clock).
 */
class IncidentImpactClockTest {
    /**
     * INC000000629108 of the September 2020 report (Category 1): impacted 02:00, restored 03:42 (1 h 42 m of
     * impact), raised 02:23, resolved 08:26 (6 h 03 m raised to resolved). The report says "Resolved within SLA".
     * UK local times (BST, +01:00). Closed the same morning.
     */
    private static final String WITH_IMPACT = """
            incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason,provider,impacted_at,restored_at
            INC000000629108,1,2020-09-15T02:23:00,2020-09-15T08:26:00,2020-09-15T09:00:00,,DCC,2020-09-15T02:00:00,\
            2020-09-15T03:42:00
            """;
    private static final String WITHOUT_IMPACT = """
            incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason
            INC000000629108,1,2020-09-15T02:23:00,2020-09-15T08:26:00,2020-09-15T09:00:00,
            """;

    @TempDir
    Path dir;

    @Test
    void theReportsMajorIncidentIsWithinItsFourHourTargetOnTheImpactClock() {
        MonthlyReport report = reportOf("with.db", WITH_IMPACT, Catalogue.shipped());
        MeasureFigure cpm4 = figure(report, "CPM4");
        assertEquals(1, cpm4.numerator());
        assertEquals(1, cpm4.denominator());
        assertEquals(new BigDecimal("100.00"), cpm4.level(), "as the September 2020 report publishes CPM4");
        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, cpm4.status());
        FigureDetail.IncidentTiming timing = onlyTiming(cpm4);
        assertEquals(6_120L, timing.impactSeconds(), "1 h 42 m");
        assertEquals(21_780L, timing.incidentSeconds(), "6 h 03 m");
        assertEquals(14_400L, timing.targetSeconds());
        assertEquals("impact", timing.clock());
        assertFalse(timing.clockFallback());
        assertTrue(timing.within());
        assertEquals(Instant.parse("2020-09-15T01:00:00Z"), timing.impactedAt(), "UK local time, BST");
        assertEquals("incidents.csv:2", timing.source());
        assertEquals(List.of(), cpm4.notes());
    }

    @Test
    void withoutImpactColumnsTheSameIncidentIsTimedRaisedToResolvedAndIsOutside() {
        MonthlyReport report = reportOf("without.db", WITHOUT_IMPACT, Catalogue.shipped());
        MeasureFigure cpm4 = figure(report, "CPM4");
        assertEquals(0, cpm4.numerator());
        assertEquals(1, cpm4.denominator());
        assertEquals(new BigDecimal("0.00"), cpm4.level());
        assertEquals(MeasureStatus.BELOW_MINIMUM, cpm4.status());
        FigureDetail.IncidentTiming timing = onlyTiming(cpm4);
        assertNull(timing.impactSeconds());
        assertEquals(21_780L, timing.incidentSeconds());
        assertEquals("incident", timing.clock());
        assertEquals("impact", timing.categoryClock());
        assertTrue(timing.clockFallback());
        assertFalse(timing.within());
        assertEquals(List.of("1 incident(s) of category 1 timed raised to resolved (incident clock): no impacted_at"
                + " and restored_at given, and category 1 is on the impact clock"), cpm4.notes());
    }

    @Test
    void aCategoryOnTheIncidentClockIgnoresTheImpactTimes() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("catalogue"));
        try (var measures = Catalogue.class.getResourceAsStream("/catalogue/measures.csv")) {
            Files.write(folder.resolve(Catalogue.MEASURES_FILE), measures.readAllBytes());
        }
        Files.writeString(folder.resolve(Catalogue.INCIDENT_CATEGORIES_FILE), """
                category,target_resolution,description,clock
                1,4h,critical,incident
                2,8h,high,impact
                3,2d,medium,impact
                4,5d,low,impact
                5,10d,minimal,impact
                """);
        MonthlyReport report = reportOf("incident-clock.db", WITH_IMPACT, Catalogue.load(folder));
        MeasureFigure cpm4 = figure(report, "CPM4");
        assertEquals(new BigDecimal("0.00"), cpm4.level());
        FigureDetail.IncidentTiming timing = onlyTiming(cpm4);
        assertEquals("incident", timing.clock());
        assertEquals("incident", timing.categoryClock());
        assertFalse(timing.clockFallback(), "the category chose the incident clock: no fallback");
        assertEquals(6_120L, timing.impactSeconds(), "shown, though it did not decide");
        assertEquals(List.of(), cpm4.notes());
    }

    private MonthlyReport reportOf(String db, String incidents, Catalogue catalogue) {
        try (SqliteStore store = SqliteStore.open(dir.resolve(db))) {
            store.storeImport(new ImportParser(catalogue).parse(ImportKind.INCIDENTS, "incidents.csv",
                    incidents.getBytes(StandardCharsets.UTF_8)), 1_000);
            return new MeasureEngine(catalogue).compute(SEPTEMBER, store, EngineFixture.LATER);
        }
    }

    private static FigureDetail.IncidentTiming onlyTiming(MeasureFigure figure) {
        List<FigureDetail.IncidentTiming> timings = ((FigureDetail.Incidents) figure.detail()).incidents();
        assertEquals(1, timings.size());
        return timings.get(0);
    }
}
