package io.pmr.collector.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmr.collector.catalogue.Catalogue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportParserTest {
    private static final Catalogue CATALOGUE = Catalogue.shipped();
    private final ImportParser parser = new ImportParser(CATALOGUE);

    private ImportBatch parse(ImportKind kind, String text) {
        return parser.parse(kind, "f.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> problems(ImportKind kind, String text) {
        return assertThrows(ImportException.class, () -> parse(kind, text)).problems();
    }

    @Test
    void incidentsGoodFileWithCommentsBlankLinesQuotesAndOptionalProvider() {
        ImportBatch batch = parse(ImportKind.INCIDENTS, """
                # exported from the service desk
                incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason,provider

                INC1,1,2020-09-01T10:00:00Z,2020-09-01T12:00:00Z,2020-09-02T09:00:00Z,,
                "INC,2",3,2020-09-03T10:00:00+01:00,,,"caused by a ""User"" error",CSP North
                INC3,5,2020-09-04T10:00:00,2020-09-04T11:00:00,2020-09-04T12:00:00,,
                """);
        List<Incident> incidents = batch.data().incidents();
        assertEquals(3, incidents.size());
        assertEquals(3, batch.rows().size());
        Incident first = incidents.get(0);
        assertEquals(new Incident("INC1", 1, Instant.parse("2020-09-01T10:00:00Z"),
                Instant.parse("2020-09-01T12:00:00Z"), Instant.parse("2020-09-02T09:00:00Z"), null, "DCC",
                new ImportSource("f.csv", 4, 0)), first);
        Incident second = incidents.get(1);
        assertEquals("INC,2", second.incidentId());
        assertEquals(Instant.parse("2020-09-03T09:00:00Z"), second.raisedAt());
        assertNull(second.resolvedAt());
        assertEquals("caused by a \"User\" error", second.exclusionReason());
        assertEquals("CSP North", second.provider());
        assertEquals(5, second.source().lineNumber());
        // no offset: UK local time, BST in September
        assertEquals(Instant.parse("2020-09-04T09:00:00Z"), incidents.get(2).raisedAt());
        assertEquals(64, batch.sha256().length());
    }

    @Test
    void incidentsWithoutTheProviderColumnAreTheDcc() {
        ImportBatch batch = parse(ImportKind.INCIDENTS, """
                incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason
                INC1,2,2020-09-01T10:00:00Z,,,
                """);
        assertEquals("DCC", batch.data().incidents().get(0).provider());
    }

    @Test
    void everyBadIncidentLineIsListedWithFileLineAndColumn() {
        List<String> problems = problems(ImportKind.INCIDENTS, """
                incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason
                INC1,6,2020-09-01T10:00:00Z,,,
                INC2,1,yesterday,,,
                INC3,1,2020-09-01T10:00:00Z,2020-09-01T09:59:59Z,2020-09-01T09:00:00Z,
                ,1,2020-09-01T10:00:00Z,,,
                INC5,1,2020-09-01T10:00:00Z,,
                INC6,1,2020-09-01T10:00:00Z,,,
                INC6,2,2020-09-01T10:00:00Z,,,
                """);
        assertEquals(List.of(
                "f.csv:2: category: '6' is not a category 1..5",
                "f.csv:3: raised_at: 'yesterday' is not an ISO-8601 time (e.g. 2020-09-01T10:15:00Z,"
                        + " 2020-09-01T11:15:00+01:00, or 2020-09-01T11:15:00 for UK local time)",
                "f.csv:4: resolved_at: resolved 2020-09-01T09:59:59Z before raised 2020-09-01T10:00:00Z",
                "f.csv:4: closed_at: closed 2020-09-01T09:00:00Z before raised 2020-09-01T10:00:00Z",
                "f.csv:5: incident_id: is blank",
                "f.csv:6: row: expected 6 columns, found 5",
                "f.csv:8: incident_id: duplicate key INC6 (first on line 7)"), problems);
    }

    @Test
    void aWrongHeaderIsRejectedNamingWhatWasExpected() {
        assertEquals(List.of("f.csv:2: header: expected 'measure,kind,start,end' but found 'measure,start,end'"),
                problems(ImportKind.AVAILABILITY, "# c\nmeasure,start,end\n"));
        assertEquals(List.of("f.csv:1: header: missing (expected measure,kind,start,end)"),
                problems(ImportKind.AVAILABILITY, "\n# nothing\n"));
    }

    @Test
    void availabilityGoodAndBad() {
        ImportBatch good = parse(ImportKind.AVAILABILITY, """
                measure,kind,start,end
                DSP/PM2.1,outage,2020-09-10T10:00:00Z,2020-09-10T11:30:00Z
                DSP/PM2.1,maintenance,2020-09-10T09:00:00Z,2020-09-10T11:00:00Z
                """);
        assertEquals(new AvailabilityWindow("DSP/PM2.1", AvailabilityWindow.Kind.OUTAGE,
                Instant.parse("2020-09-10T10:00:00Z"), Instant.parse("2020-09-10T11:30:00Z"),
                new ImportSource("f.csv", 2, 0)), good.data().availability().get(0));
        assertEquals(AvailabilityWindow.Kind.MAINTENANCE, good.data().availability().get(1).kind());

        List<String> problems = problems(ImportKind.AVAILABILITY, """
                measure,kind,start,end
                NOPE,outage,2020-09-10T10:00:00Z,2020-09-10T11:30:00Z
                CSPN/PM4.3,outage,2020-09-10T10:00:00Z,2020-09-10T11:30:00Z
                DSP/PM2.1,downtime,2020-09-10T10:00:00Z,2020-09-10T11:30:00Z
                DSP/PM2.1,outage,2020-09-10T10:00:00Z,2020-09-10T10:00:00Z
                DSP/PM2.1,outage,2020-09-10T10:00:00Z,2020-09-10T11:00:00Z
                DSP/PM2.1,outage,2020-09-10T11:00:00+01:00,2020-09-10T12:00:00+01:00
                """);
        assertEquals(List.of(
                "f.csv:2: measure: unknown measure 'NOPE' (not in the catalogue classpath:catalogue/measures.csv)",
                "f.csv:3: measure: 'CSPN/PM4.3' is a within_trt measure; availability windows need an availability"
                        + " measure",
                "f.csv:4: kind: 'downtime' is neither outage nor maintenance",
                "f.csv:5: end: end 2020-09-10T10:00:00Z is not after start 2020-09-10T10:00:00Z",
                // the same window written with another offset is the same key
                "f.csv:7: measure+kind+start+end: duplicate key DSP/PM2.1,outage,2020-09-10T10:00:00Z,"
                        + "2020-09-10T11:00:00Z (first on line 6)"), problems);
    }

    @Test
    void ratiosGoodAndBad() {
        ImportBatch good = parse(ImportKind.RATIOS, """
                measure,period,numerator,denominator
                DSP/PM11,2020-09,990,1000
                DSP/PM3,2020-09,2,
                DSP/PM7,2020-Q3,9,10
                CSPN/PM2,2020-09,120,121
                """);
        List<SuppliedFigure> figures = good.data().supplied();
        assertEquals(new SuppliedFigure("DSP/PM11", "2020-09", 990, 1000L, new ImportSource("f.csv", 2, 0)),
                figures.get(0));
        assertNull(figures.get(1).denominator());
        assertEquals("2020-Q3", figures.get(2).period());
        assertEquals(121L, figures.get(3).denominator());

        List<String> problems = problems(ImportKind.RATIOS, """
                measure,period,numerator,denominator
                DSP/PM11,2020-9,1,2
                DSP/PM11,2020-Q3,1,2
                DSP/PM7,2020-09,1,2
                DSP/PM11,2020-10,3,2
                DSP/PM11,2020-11,-1,2
                DSP/PM11,2020-12,1.5,
                DSP/PM3,2020-09,2,3
                DSP/PM2.1,2020-09,2,3
                CPM1,2020-09,2,3
                """);
        assertEquals(List.of(
                "f.csv:2: period: '2020-9' is neither yyyy-MM, yyyy-Qn nor yyyy-MM/yyyy-MM",
                "f.csv:3: period: '2020-Q3': DSP/PM11 is monthly, give yyyy-MM",
                "f.csv:4: period: '2020-09': DSP/PM7 is quarterly, give yyyy-Qn",
                "f.csv:5: numerator: numerator 3 exceeds denominator 2",
                "f.csv:6: numerator: '-1' is not a non-negative integer",
                "f.csv:7: numerator: '1.5' is not a non-negative integer",
                "f.csv:7: denominator: is blank: DSP/PM11 is a ratio measure and needs one",
                "f.csv:8: denominator: DSP/PM3 is a count measure: leave the denominator blank",
                "f.csv:9: measure: 'DSP/PM2.1' is a availability measure; ratios supply ratio, count or within_trt"
                        + " measures",
                "f.csv:10: measure: 'CPM1' is a composite measure; ratios supply ratio, count or within_trt measures"),
                problems);
    }

    @Test
    void powerOutagesGoAboveOrBelowFiftyHubs() {
        ImportBatch good = parse(ImportKind.POWER_OUTAGES, """
                measure,event_id,started_at,hubs,alerts_within_trt
                CSPN/PM12.2,E1,2020-09-05T02:00:00Z,4000,3990
                CSPN/PM12.1,E2,2020-09-06T02:00:00Z,50,49
                """);
        assertEquals(new PowerOutageEvent("CSPN/PM12.2", "E1", Instant.parse("2020-09-05T02:00:00Z"), 4000, 3990,
                new ImportSource("f.csv", 2, 0)), good.data().powerOutages().get(0));
        assertEquals(50, good.data().powerOutages().get(1).hubs());

        List<String> problems = problems(ImportKind.POWER_OUTAGES, """
                measure,event_id,started_at,hubs,alerts_within_trt
                CSPN/PM12.1,E1,2020-09-05T02:00:00Z,51,51
                CSPN/PM12.2,E2,2020-09-05T02:00:00Z,50,50
                CSPN/PM12.2,E3,2020-09-05T02:00:00Z,100,101
                CSPN/PM12.2,E4,2020-09-05T02:00:00Z,0,0
                CSPN/PM12.2,,2020-09-05T02:00:00Z,x,0
                DSP/PM11,E6,2020-09-05T02:00:00Z,100,0
                """);
        assertEquals(List.of(
                "f.csv:2: measure: an event of 51 hubs (more than 50) belongs to a power_outage measure (PM12.2);"
                        + " CSPN/PM12.1 is within_trt",
                "f.csv:3: measure: an event of 50 hubs (50 or fewer) belongs to a within_trt measure (PM12.1);"
                        + " CSPN/PM12.2 is power_outage",
                "f.csv:4: alerts_within_trt: 101 exceeds hubs 100",
                "f.csv:5: hubs: must be at least 1",
                "f.csv:6: event_id: is blank",
                "f.csv:6: hubs: 'x' is not a non-negative integer",
                "f.csv:7: measure: 'DSP/PM11' is a ratio measure; power outage events need a power_outage measure"
                        + " (more than 50 hubs) or a within_trt one (50 or fewer)"), problems);
    }

    @Test
    void exclusionsByDeviceOrWindow() {
        ImportBatch good = parse(ImportKind.EXCLUSIONS, """
                measure,scope,device_or_window,reason
                CSPN/PM4.3,SKU1,00-11-22-33-44-55-66-77,faulty hub
                CSPN/PM4.3,*,2020-09-10T10:00:00Z/2020-09-10T12:00:00Z,"Allowed Exception: major incident, INC9"
                CPM4,*,INC1,duplicate ticket
                """);
        List<Exclusion> exclusions = good.data().exclusions();
        assertEquals(new Exclusion("CSPN/PM4.3", "SKU1", "00-11-22-33-44-55-66-77", null, null, "faulty hub",
                new ImportSource("f.csv", 2, 0)), exclusions.get(0));
        assertEquals(Instant.parse("2020-09-10T12:00:00Z"), exclusions.get(1).windowEnd());
        assertEquals("Allowed Exception: major incident, INC9", exclusions.get(1).reason());
        assertEquals("INC1", exclusions.get(2).deviceId());

        List<String> problems = problems(ImportKind.EXCLUSIONS, """
                measure,scope,device_or_window,reason
                CSPN/PM4.3,,D1,r
                CSPN/PM4.3,*,2020-09-10T12:00:00Z/2020-09-10T10:00:00Z,r
                CSPN/PM4.3,*,2020-09-10T10:00:00Z/soon,r
                CSPN/PM4.3,*,D1,
                CSPN/PM4.3,*,D1,r
                CSPN/PM4.3,*,D1,r
                """);
        assertEquals(List.of(
                "f.csv:2: scope: is blank",
                "f.csv:3: device_or_window: window end 2020-09-10T10:00:00Z is not after start 2020-09-10T12:00:00Z",
                "f.csv:4: device_or_window: 'soon' is not an ISO-8601 time (e.g. 2020-09-01T10:15:00Z,"
                        + " 2020-09-01T11:15:00+01:00, or 2020-09-01T11:15:00 for UK local time)",
                "f.csv:5: reason: is blank",
                "f.csv:7: measure+scope+device_or_window+reason: duplicate key CSPN/PM4.3,*,D1,r (first on line 6)"),
                problems);
    }

    @Test
    void ukLocalTimeAtTheClockChanges() {
        ImportBatch autumn = parse(ImportKind.AVAILABILITY, """
                measure,kind,start,end
                DSP/PM2.1,outage,2020-10-25T01:30:00,2020-10-25T02:30:00
                """);
        // 01:30 happens twice on 2020-10-25: the earlier is BST (+01:00) = 00:30Z; 02:30 is GMT = 02:30Z
        assertEquals(Instant.parse("2020-10-25T00:30:00Z"), autumn.data().availability().get(0).start());
        assertEquals(Instant.parse("2020-10-25T02:30:00Z"), autumn.data().availability().get(0).end());

        List<String> problems = problems(ImportKind.AVAILABILITY, """
                measure,kind,start,end
                DSP/PM2.1,outage,2021-03-28T01:30:00,2021-03-28T03:00:00
                """);
        // 01:00-02:00 on 2021-03-28 does not exist in London (GMT -> BST)
        assertEquals(List.of("f.csv:2: start: '2021-03-28T01:30:00' does not exist in UK local time (the clocks"
                + " went forward then); give the time with an offset"), problems);
        // in winter local time is GMT
        assertEquals(Instant.parse("2020-12-01T09:00:00Z"), ImportTimes.parse("2020-12-01T09:00"));
    }

    @Test
    void aByteOrderMarkAndCrLfLineEndsAreAccepted() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "measure,period,numerator,denominator\r\nDSP/PM11,2020-09,1,2\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);
        ImportBatch batch = parser.parse(ImportKind.RATIOS, "bom.csv", content);
        assertEquals(new SuppliedFigure("DSP/PM11", "2020-09", 1, 2L, new ImportSource("bom.csv", 2, 0)),
                batch.data().supplied().get(0));
    }

    @Test
    void aQuotedFieldMaySpanLinesAndErrorsNameTheLineItStartsOn() {
        List<String> problems = problems(ImportKind.EXCLUSIONS, """
                measure,scope,device_or_window,reason
                CSPN/PM4.3,*,D1,"two
                lines"
                CSPN/PM4.3,*,D2,"unclosed
                """);
        assertEquals(List.of("f.csv:4: row: a quoted field is never closed"), problems);
        ImportBatch batch = parse(ImportKind.EXCLUSIONS, """
                measure,scope,device_or_window,reason
                CSPN/PM4.3,*,D1,"two
                lines"
                CSPN/PM4.3,*,D2,r
                """);
        assertEquals("two\nlines", batch.data().exclusions().get(0).reason());
        assertEquals(4, batch.data().exclusions().get(1).source().lineNumber());
    }

    @Test
    void notUtf8IsRejected() {
        ImportException e = assertThrows(ImportException.class,
                () -> parser.parse(ImportKind.RATIOS, "latin1.csv", new byte[] {'a', (byte) 0xE9, '\n'}));
        assertEquals(List.of("latin1.csv:1: file: not UTF-8 text"), e.problems());
    }

    @Test
    void canonicalTextRoundTrips() {
        List<String> values = List.of("a", "", "with \"quotes\", and commas", "line\nbreak");
        assertEquals(values, ImportCodec.decode(ImportCodec.encode(values)));
    }
}
