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
import java.time.Instant;
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
                List.of(new FigureDetail.IncidentCategory(1, 3, 2, 1, new BigDecimal("66.67"))),
                List.of(new FigureDetail.IncidentTiming("INC000000629108", 1, Instant.parse("2020-09-15T01:23:00Z"),
                        Instant.parse("2020-09-15T07:26:00Z"), Instant.parse("2020-09-15T08:00:00Z"),
                        Instant.parse("2020-09-15T01:00:00Z"), Instant.parse("2020-09-15T02:42:00Z"), 6_120L, 21_780L,
                        "impact", "impact", 14_400L, true, null, "incidents.csv:2"),
                        new FigureDetail.IncidentTiming("INC2", 1, Instant.parse("2020-09-16T10:00:00Z"),
                                Instant.parse("2020-09-16T11:00:00Z"), Instant.parse("2020-09-16T12:00:00Z"), null,
                                null, null, 3_600L, "impact", "incident", 14_400L, true, null, "incidents.csv:3"),
                        new FigureDetail.IncidentTiming("INC3", 1, Instant.parse("2020-09-17T10:00:00Z"),
                                Instant.parse("2020-09-17T11:00:00Z"), Instant.parse("2020-09-17T12:00:00Z"), null,
                                null, null, 3_600L, "impact", "incident", 14_400L, true, "Raised in error",
                                "incidents.csv:4")));
        IncidentRegister register = new IncidentRegister(List.of(new IncidentRegister.AgedOpen("2020-07", 3, 2)),
                List.of(new IncidentRegister.Reopened("R1", 2, List.of(Instant.parse("2020-08-20T10:00:00Z")),
                        List.of("aug.csv:2"), null, null, "reopened.csv:2")));
        return new MonthlyReport(YearMonth.of(2020, 9), 1_601_510_400_000L, "classpath:catalogue/measures.csv",
                List.of(figure("CSPN/PM12.2", MeasureKind.POWER_OUTAGE, 6_864, 6_929, "99.32", outage, List.of()),
                        figure("CPM4", MeasureKind.INCIDENTS, 2, 2, "100.00", incidents,
                                List.of(new ExcludedCount("Raised in error", 1))),
                        figure("DSP/PM2.1", MeasureKind.AVAILABILITY, 2_583_300, 2_592_000, "99.66",
                                new FigureDetail.Availability(2_592_000, 12_300, 3_600, 8_700), List.of())),
                List.of(new MissingRange("rig-1", "CSPN/PM4.3", "2020-09", 1_600_000_000_000L, 1_601_506_800_000L)),
                null, register, List.of(new MeasureCommentary("CPM4", "2020-09", "below_target", "A \"major\", one",
                        null, "commentary.csv:2", false)), IntegrityNotes.NONE);
    }

    @Test
    void tablesAreWrittenOneFilePerTable() throws IOException {
        ReportWriter.writeCsvTables(report(), dir);
        assertEquals("""
                measure,table,category,total,within,failed,percent_within,clock,incident_clock_fallbacks
                CPM4,counted,1,2,2,0,100.00,impact,1
                CPM4,before_exclusions,1,3,2,1,66.67,impact,2
                """, Files.readString(dir.resolve("incidents-by-category.csv")));
        assertEquals("""
                measure,incident_id,category,raised_at,resolved_at,closed_at,impacted_at,restored_at,impact_seconds,\
                incident_seconds,category_clock,clock,clock_fallback,target_seconds,within,excluded_reason,source
                CPM4,INC000000629108,1,2020-09-15T01:23:00Z,2020-09-15T07:26:00Z,2020-09-15T08:00:00Z,\
                2020-09-15T01:00:00Z,2020-09-15T02:42:00Z,6120,21780,impact,impact,false,14400,true,,incidents.csv:2
                CPM4,INC2,1,2020-09-16T10:00:00Z,2020-09-16T11:00:00Z,2020-09-16T12:00:00Z,,,,3600,impact,incident,\
                true,14400,true,,incidents.csv:3
                CPM4,INC3,1,2020-09-17T10:00:00Z,2020-09-17T11:00:00Z,2020-09-17T12:00:00Z,,,,3600,impact,incident,\
                true,14400,true,Raised in error,incidents.csv:4
                """, Files.readString(dir.resolve("incidents.csv")));
        assertEquals("month_raised,category,open\n2020-07,3,2\n",
                Files.readString(dir.resolve("incidents-aged-open.csv")));
        assertEquals("incident_id,category,earlier_closed_at,earlier_sources,closed_at,counted_in,source\n"
                + "R1,2,2020-08-20T10:00:00Z,aug.csv:2,,,reopened.csv:2\n",
                Files.readString(dir.resolve("incidents-reopened.csv")));
        assertEquals("measure,period,figure_status,status,matches_status,reason,mitigation,source\n"
                + "CPM4,2020-09,at_or_above_target,below_target,false,\"A \"\"major\"\", one\",,commentary.csv:2\n",
                Files.readString(dir.resolve("commentary.csv")));
        assertEquals("""
                measure,event_id,hubs,alerts_within_trt,required,figure,source
                CSPN/PM12.2,e1,4000,3990,1037.50,100.00,power-outages.csv:2
                """, Files.readString(dir.resolve("power-outage-events.csv")));
        assertEquals("""
                measure,reason,count
                CPM4,Raised in error,1
                """, Files.readString(dir.resolve("exclusions-by-reason.csv")));
        assertEquals("""
                agent,measure,period,from,to,reason
                rig-1,CSPN/PM4.3,2020-09,2020-09-13T12:26:40Z,2020-09-30T23:00:00Z,not reported yet
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
        JsonNode timing = cpm4.get("incidents").get("incidents").get(0);
        assertEquals("INC000000629108", timing.get("id").asText());
        assertEquals(6_120, timing.get("impactSeconds").asLong());
        assertEquals(21_780, timing.get("incidentSeconds").asLong());
        assertEquals("impact", timing.get("clock").asText());
        assertEquals("2020-09-15T01:00:00Z", timing.get("impactedAt").asText());
        JsonNode fallback = cpm4.get("incidents").get("incidents").get(1);
        assertTrue(fallback.get("impactSeconds").isNull());
        assertTrue(fallback.get("clockFallback").asBoolean());
        assertEquals("A \"major\", one", cpm4.get("commentary").get("reason").asText());
        assertTrue(cpm4.get("commentary").get("mitigation").isNull());
        assertEquals(false, cpm4.get("commentary").get("matchesStatus").asBoolean());
        assertTrue(json.get("measures").get(0).get("commentary").isNull(), "no commentary: null");
        assertEquals("2020-07", json.get("incidentsAgedOpen").get(0).get("monthRaised").asText());
        assertEquals(2, json.get("incidentsAgedOpen").get(0).get("open").asLong());
        JsonNode reopened = json.get("incidentsReopened").get(0);
        assertEquals("2020-08-20T10:00:00Z", reopened.get("earlierClosedAt").get(0).asText());
        assertTrue(reopened.get("closedAt").isNull());
        assertTrue(reopened.get("countedIn").isNull());
        JsonNode availability = json.get("measures").get(2).get("availability");
        assertEquals(3_600, availability.get("maintenanceExcusedSeconds").asLong());
        assertEquals("43055.00", availability.get("availableMinutes").asText());
        assertEquals("rig-1", json.get("missing").get(0).get("agent").asText());
        String csv = ReportWriter.csv(report());
        assertTrue(csv.contains("\nCSPN/PM12.2,CSP North,power_outage,6864,6929,99.32,99.00,96.00,at_or_above_target,"
                + "true,2020-09,false,supplied,98.10,6864,6929,99.32,0,387.85,,per_event,99.32,,,,CSPN/PM12.2 name,,percent\n"),
                csv);
        assertEquals("per_event", pm122.get("powerOutage").get("headline").asText());
        assertEquals("99.32", pm122.get("powerOutage").get("perEventLevel").asText());
    }
}
