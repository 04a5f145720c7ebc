package io.pmr.collector.view;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.withExclusion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.publish.ReportPublisher;
import io.pmr.collector.report.CsvCells;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: imported text reaches the CSVs (exclusion reasons, outage event ids, provider names from the catalogue,
 * agent ids), and a spreadsheet runs a cell beginning with = + - @ (or tab, CR) as a formula. Every CSV the product
 * writes is produced from hostile input here and parsed back: no cell begins with a formula character unless it is a
 * plain number.
 */
class CsvInjectionTest {
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final String RTT4 = "CSPN/PM4.3";
    private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example\",\"click\")";
    private static final String PROVIDER = "@CSP North";

    @TempDir
    Path dir;

    @Test
    void cellsThatASpreadsheetWouldRunAreQuotedWithALeadingApostrophe() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", CsvCells.cell(HYPERLINK));
        assertEquals("\"'+1\"", CsvCells.cell("+1"));
        assertEquals("\"'@SUM(A1)\"", CsvCells.cell("@SUM(A1)"));
        assertEquals("\"'-1+2\"", CsvCells.cell("-1+2"));
        assertEquals("\"'\t=1\"", CsvCells.cell("\t=1"));
        assertEquals("\"'\r=1\"", CsvCells.cell("\r=1"));
        assertEquals("\"'-\"", CsvCells.cell("-"));
        for (String number : List.of("-5", "-0.25", "0", "12.50", "99")) {
            assertEquals(number, CsvCells.cell(number), "a plain number stays a number");
        }
        assertEquals("", CsvCells.cell(""));
        assertEquals("\"a,b\"", CsvCells.cell("a,b"));
        assertEquals("CSP North", CsvCells.cell("CSP North"));
    }

    /** The shipped catalogue with the provider "CSP North" renamed to a formula. */
    private Catalogue hostileCatalogue() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("catalogue"));
        for (String name : List.of("measures.csv", "providers.csv", "service-credits.csv",
                "incident-categories.csv")) {
            try (InputStream in = Catalogue.class.getResourceAsStream("/catalogue/" + name)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(folder.resolve(name), text.replace("CSP North", PROVIDER));
            }
        }
        return Catalogue.load(folder);
    }

    @Test
    void noCsvTheProductWritesStartsACellWithAFormula() throws IOException {
        Catalogue catalogue = hostileCatalogue();
        ImportParser parser = new ImportParser(catalogue);
        Clock clock = Clock.fixed(Instant.parse("2020-10-05T00:00:00Z"), ZoneOffset.UTC);
        Map<String, String> csvs = new TreeMap<>();
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            long start = millis("2020-09-01T10:00:00Z");
            store.write(List.of(
                    new StoreWrite.Accept(status("=agent", 1, 1, RTT4, 25_000), 0),
                    new StoreWrite.Accept(Envelope.newBuilder().setAgentId("=agent").setBootEpoch(1).setSequence(2)
                            .setIntervals(IntervalReportBatch.newBuilder().addIntervals(withExclusion(
                                    interval(RTT4, start, 25_000, 10, 9), "-cmd|' /C calc'!A0", 2))
                                    .addIntervals(interval(RTT4, start + 300_000, 25_000, 4, 4)))
                            .build(), 0)));
            store.storeImport(parser.parse(ImportKind.EXCLUSIONS, "x.csv", ("measure,scope,device_or_window,reason\n"
                    + RTT4 + ",*,2020-09-01T10:00:00Z/2020-09-01T10:01:00Z,\"" + HYPERLINK.replace("\"", "\"\"")
                    + "\"\n" + RTT4 + ",*,2020-09-01T10:05:00Z/2020-09-01T10:06:00Z,+SUM(1)\n")
                    .getBytes(StandardCharsets.UTF_8)), 1);
            store.storeImport(parser.parse(ImportKind.POWER_OUTAGES, "p.csv", ("measure,event_id,started_at,hubs,"
                    + "alerts_within_trt\nCSPN/PM12.2,@evil-event,2020-09-05T02:14:00Z,4120,4101\n"
                    + "CSPN/PM12.2,=1+1,2020-09-07T18:02:00Z,120,119\n").getBytes(StandardCharsets.UTF_8)), 2);
            store.storeImport(parser.parse(ImportKind.RATIOS, "r.csv",
                    "measure,period,numerator,denominator\nCSPN/PM11,2020-09,50,100\n"
                            .getBytes(StandardCharsets.UTF_8)), 3);
            // incidents: one closed in the month, one re-opened into it, one still open (aged); hostile ids and reasons
            store.storeImport(parser.parse(ImportKind.INCIDENTS, "i1.csv", ("incident_id,category,raised_at,"
                    + "resolved_at,closed_at,exclusion_reason,provider\n"
                    + "=INC1,1,2020-09-02T01:00:00Z,2020-09-02T02:00:00Z,2020-09-02T03:00:00Z,,@DSP\n"
                    + "+INC2,3,2020-08-02T01:00:00Z,2020-08-03T01:00:00Z,2020-08-04T01:00:00Z,,DSP\n"
                    + "-INC3,4,2020-07-02T01:00:00Z,,,,DSP\n").getBytes(StandardCharsets.UTF_8)), 4);
            store.storeImport(parser.parse(ImportKind.INCIDENTS, "i2.csv", ("incident_id,category,raised_at,"
                    + "resolved_at,closed_at,exclusion_reason,provider\n"
                    + "+INC2,3,2020-08-02T01:00:00Z,2020-09-03T01:00:00Z,2020-09-04T01:00:00Z,=cmd,DSP\n")
                    .getBytes(StandardCharsets.UTF_8)), 5);
            store.storeImport(parser.parse(ImportKind.COMMENTARY, "c.csv", ("measure,period,status,reason,"
                    + "mitigation\nCPM4,2020-09,below_target,=HYPERLINK(\"x\"),@mitigate\n")
                    .getBytes(StandardCharsets.UTF_8)), 6);

            MonthlyReport report = new ReportPublisher(catalogue, store, store, clock)
                    .publish(YearMonth.of(2020, 9), "hostile text");
            csvs.put("report.csv", ReportWriter.csv(report));
            csvs.putAll(ReportWriter.csvTables(report));
            Path out = Files.createDirectories(dir.resolve("out"));
            ViewFiles.write(report, store, store.dataFingerprint(), out);
            try (Stream<Path> files = Files.list(out)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                    csvs.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        assertEquals(List.of("commentary.csv", "completeness.csv", "credits-history.csv", "credits.csv", "daily-levels.csv",
                "exclusions-by-reason.csv", "firmware-volumes.csv", "incidents-aged-open.csv",
                "incidents-by-category.csv", "incidents-reopened.csv", "incidents.csv", "latency-summary.csv",
                "missing.csv", "power-outage-events.csv", "report.csv"), new ArrayList<>(csvs.keySet()));

        List<String> cells = new ArrayList<>();
        for (Map.Entry<String, String> csv : csvs.entrySet()) {
            for (String cell : parse(csv.getValue())) {
                cells.add(cell);
                assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0
                        && !PLAIN_NUMBER.matcher(cell).matches(), csv.getKey() + ": cell '" + cell + "'");
            }
        }
        // The hostile texts did reach the files, neutralised.
        for (String hostile : List.of(HYPERLINK, "+SUM(1)", "-cmd|' /C calc'!A0", "@evil-event", "=1+1", PROVIDER,
                "=agent", "=INC1", "+INC2", "=HYPERLINK(\"x\")", "@mitigate")) {
            assertTrue(cells.contains("'" + hostile), hostile + " in some CSV");
        }
    }

    /** Every cell of an RFC 4180 text (quoted cells unquoted), in order. */
    private static List<String> parse(String csv) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }
}
