package io.pmr.collector.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.catalogue.MeasureKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTablesTest {
    @TempDir
    Path dir;

    private static MeasureFigure figure(String id, MeasureKind kind, long numerator, long denominator, String level,
            FigureDetail detail, List<ExcludedCount> excluded) {
        return new MeasureFigure(id, id + " name", "CSP North", kind, "2020-09", null, numerator, denominator,
                new BigDecimal(level), new BigDecimal("99.00"), new BigDecimal("96.00"),
                MeasureStatus.AT_OR_ABOVE_TARGET, true, false, FigureSource.SUPPLIED, List.of(), List.of("f.csv:2"),
                new BeforeExclusions(numerator, denominator, new BigDecimal(level)), excluded, List.of(),
                new BigDecimal("98.10"), detail, List.of());
    }

    private static MonthlyReport report() {
        FigureDetail.PowerOutage outage = new FigureDetail.PowerOutage(new BigDecimal("99.32"), new BigDecimal("387.85"), List.of(
                new FigureDetail.OutageEvent("e1", 4_000, 3_990, new BigDecimal("1037.50"), new BigDecimal("100.00"),
                        "power-outages.csv:2")));
        FigureDetail.Incidents incidents = new FigureDetail.Incidents(
                List.of(new FigureDetail.IncidentCategory(1, 2, 2, 0, new BigDecimal("100.00"))),
                List.of(new FigureDetail.IncidentCategory(1, 3, 2, 1, new BigDecimal("66.67"))));
        return new MonthlyReport(YearMonth.of(2020, 9), 1_601_510_400_000L, "classpath:catalogue/measures.csv",
                List.of(figure("CSPN/PM12.2", MeasureKind.POWER_OUTAGE, 6_864, 6_929, "99.32", outage, List.of()),
                        figure("CPM4", MeasureKind.INCIDENTS, 2, 2, "100.00", incidents,
                                List.of(new ExcludedCount("Raised in error", 1))),
                        figure("DSP/PM2.1", MeasureKind.AVAILABILITY, 2_583_300, 2_592_000, "99.66",
                                new FigureDetail.Availability(2_592_000, 12_300, 3_600, 8_700), List.of())),
                List.of(new MissingRange("rig-1", "CSPN/PM4.3", "2020-09", 1_600_000_000_000L, 1_601_506_800_000L)));
    }

    @Test
    void tablesAreWrittenOneFilePerTable() throws IOException {
        ReportWriter.writeCsvTables(report(), dir);
        assertEquals("""
                measure,table,category,total,within,failed,percent_within
                CPM4,counted,1,2,2,0,100.00
                CPM4,before_exclusions,1,3,2,1,66.67
                """, Files.readString(dir.resolve("incidents-by-category.csv")));
        assertEquals("""
                measure,event_id,hubs,alerts_within_trt,required,figure,source
                CSPN/PM12.2,e1,4000,3990,1037.50,100.00,power-outages.csv:2
                """, Files.readString(dir.resolve("power-outage-events.csv")));
        assertEquals("""
                measure,reason,count
                CPM4,Raised in error,1
                """, Files.readString(dir.resolve("exclusions-by-reason.csv")));
        assertEquals("""
                agent,measure,period,from,to
                rig-1,CSPN/PM4.3,2020-09,2020-09-13T12:26:40Z,2020-09-30T23:00:00Z
                """, Files.readString(dir.resolve("missing.csv")));
    }

    @Test
    void jsonCarriesEachKindsDetailWithDecimalsAsStrings() throws IOException {
        JsonNode json = new ObjectMapper().readTree(ReportWriter.json(report()));
        assertEquals("2020-10-01T00:00:00Z", json.get("computedAt").asText());
        JsonNode pm122 = json.get("measures").get(0);
        assertEquals("387.85", pm122.get("powerOutage").get("historicalLevel").asText());
        assertEquals("1037.50", pm122.get("powerOutage").get("events").get(0).get("required").asText());
        assertEquals("98.10", pm122.get("previousLevel").asText());
        assertTrue(pm122.get("level").isTextual());
        JsonNode cpm4 = json.get("measures").get(1);
        assertEquals(3, cpm4.get("incidents").get("beforeExclusions").get(0).get("total").asLong());
        JsonNode availability = json.get("measures").get(2).get("availability");
        assertEquals(3_600, availability.get("maintenanceExcusedSeconds").asLong());
        assertEquals("43055.00", availability.get("availableMinutes").asText());
        assertEquals("rig-1", json.get("missing").get(0).get("agent").asText());
        String csv = ReportWriter.csv(report());
        assertTrue(csv.contains("\nCSPN/PM12.2,CSP North,power_outage,6864,6929,99.32,99.00,96.00,at_or_above_target,"
                + "true,2020-09,false,supplied,98.10,6864,6929,99.32,0,387.85,per_event,99.32,,,\n"), csv);
        assertEquals("per_event", pm122.get("powerOutage").get("headline").asText());
        assertEquals("99.32", pm122.get("powerOutage").get("perEventLevel").asText());
    }
}
