package io.pmr.collector.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmr.collector.catalogue.Catalogue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incidents file's impact columns and the commentary kind: good files, every bad line, canonical values. */
class ImpactAndCommentaryParserTest {
    private final ImportParser parser = new ImportParser(Catalogue.shipped());

    private ImportBatch parse(ImportKind kind, String text) {
        return parser.parse(kind, "f.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> problems(ImportKind kind, String text) {
        return assertThrows(ImportException.class, () -> parse(kind, text)).problems();
    }

    @Test
    void impactColumnsFollowTheProviderAndTakeTheSameTimes() {
        ImportBatch batch = parse(ImportKind.INCIDENTS, """
                incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason,provider,impacted_at,restored_at
                INC1,1,2020-09-15T02:23:00,2020-09-15T08:26:00,2020-09-15T09:00:00,,,2020-09-15T02:00:00,2020-09-15T03:42:00
                INC2,2,2020-09-16T10:00:00Z,,,,CSP North
                INC3,2,2020-09-16T10:00:00Z,,,,,2020-09-16T10:00:00+01:00,
                """);
        List<Incident> incidents = batch.data().incidents();
        Incident first = incidents.get(0);
        assertEquals(Instant.parse("2020-09-15T01:00:00Z"), first.impactedAt(), "UK local time");
        assertEquals(Instant.parse("2020-09-15T02:42:00Z"), first.restoredAt());
        assertEquals("DCC", first.provider());
        assertEquals(6_120, first.impactDuration().toSeconds());
        assertNull(incidents.get(1).impactedAt(), "a row may leave off the optional columns");
        assertEquals(Instant.parse("2020-09-16T09:00:00Z"), incidents.get(2).impactedAt());
        assertNull(incidents.get(2).restoredAt());
        assertNull(incidents.get(2).impactDuration(), "impact known only with both times");
        // canonical values: 9 with impact times, 7 without (as rows stored before these columns existed)
        assertEquals("\"INC1\",\"1\",\"2020-09-15T01:23:00Z\",\"2020-09-15T07:26:00Z\",\"2020-09-15T08:00:00Z\","
                + "\"\",\"DCC\",\"2020-09-15T01:00:00Z\",\"2020-09-15T02:42:00Z\"", batch.rows().get(0).values());
        assertEquals("\"INC2\",\"2\",\"2020-09-16T10:00:00Z\",\"\",\"\",\"\",\"CSP North\"",
                batch.rows().get(1).values());
        assertEquals(first, new IncidentParser().decode(ImportCodec.decode(batch.rows().get(0).values()),
                first.source()));
    }

    @Test
    void badImpactTimesAreListedPerLine() {
        List<String> problems = problems(ImportKind.INCIDENTS, """
                incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason,provider,impacted_at,restored_at
                INC1,1,2020-09-15T02:23:00Z,,,,,2020-09-15T03:00:00Z,2020-09-15T02:59:59Z
                INC2,1,2020-09-15T02:23:00Z,,,,,soon,
                INC3,1,2020-09-15T02:23:00Z,,,,,2021-03-28T01:30:00,2021-03-28T03:00:00
                INC4,1,2020-09-15T02:23:00Z,,
                """);
        assertEquals(List.of(
                "f.csv:2: restored_at: restored 2020-09-15T02:59:59Z before impacted 2020-09-15T03:00:00Z",
                "f.csv:3: impacted_at: 'soon' is not an ISO-8601 time (e.g. 2020-09-01T10:15:00Z,"
                        + " 2020-09-01T11:15:00+01:00, or 2020-09-01T11:15:00 for UK local time)",
                "f.csv:4: impacted_at: '2021-03-28T01:30:00' does not exist in UK local time (the clocks went"
                        + " forward then); give the time with an offset",
                "f.csv:5: row: expected 9 columns, found 5"), problems);
    }

    @Test
    void aWrongIncidentsHeaderNamesTheOptionalColumns() {
        assertEquals(List.of("f.csv:1: header: expected 'incident_id,category,raised_at,resolved_at,closed_at,"
                + "exclusion_reason[,provider[,impacted_at,restored_at]]' but found 'incident_id,category,raised_at,"
                + "resolved_at,closed_at,exclusion_reason,impacted_at,restored_at'"),
                problems(ImportKind.INCIDENTS, "incident_id,category,raised_at,resolved_at,closed_at,"
                        + "exclusion_reason,impacted_at,restored_at\n"));
    }

    @Test
    void commentaryGoodFile() {
        ImportBatch batch = parse(ImportKind.COMMENTARY, """
                measure,period,status,reason,mitigation
                CPM4,2020-09,below_minimum,"Major incident INC000000629108, DSP outage",Runbook updated
                CSPN/PM7.4,2020-09,below_target,Backlog after the storm,
                """);
        List<Commentary> rows = batch.data().commentary();
        assertEquals(new Commentary("CPM4", "2020-09", "below_minimum", "Major incident INC000000629108, DSP outage",
                "Runbook updated", new ImportSource("f.csv", 2, 0)), rows.get(0));
        assertNull(rows.get(1).mitigation());
        assertEquals("\"CPM4\",\"2020-09\"", batch.rows().get(0).naturalKey());
    }

    @Test
    void everyBadCommentaryLineIsListed() {
        List<String> problems = problems(ImportKind.COMMENTARY, """
                measure,period,status,reason,mitigation
                CPM9,2020-09,below_target,why,
                CPM4,2020-13,below_target,why,
                CPM4,2020-08,at_or_above_target,why,
                CSPN/PM7.4,2020-09,below_minimum,why,
                CPM5,2020-09,below_target,,
                CPM4,2020-Q3,below_target,why,
                CPM4,2020-09,below_target,why,
                CPM4,2020-09,below_minimum,again,
                CPM4,2020-10,below_target
                """);
        assertEquals(List.of(
                "f.csv:2: measure: unknown measure 'CPM9' (not in the catalogue classpath:catalogue/measures.csv)",
                "f.csv:3: period: '2020-13' is neither yyyy-MM nor yyyy-Qn",
                "f.csv:4: status: 'at_or_above_target' is not a status to explain: expected below_target or"
                        + " below_minimum",
                "f.csv:5: status: CSPN/PM7.4 has no minimum (a KPI), so it is never below_minimum",
                "f.csv:6: reason: is blank",
                "f.csv:7: period: '2020-Q3': CPM4 is monthly, give yyyy-MM",
                "f.csv:9: measure+period: duplicate key CPM4,2020-09 (first on line 8)",
                "f.csv:10: row: expected 5 columns, found 3"), problems);
    }

    @Test
    void commentaryIsAKindOfTheCommandLine() {
        assertEquals(ImportKind.COMMENTARY, ImportKind.parse("commentary"));
        assertEquals(List.of("measure", "period", "status", "reason", "mitigation"), ImportKind.COMMENTARY.columns());
    }
}
