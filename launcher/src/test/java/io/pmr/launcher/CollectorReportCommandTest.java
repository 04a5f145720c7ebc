package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pmr collector report} as a user runs it: publish, restate after a correction, read an old version. */
class CollectorReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void htmlFormatPrintsThePageAndOutGetsItWithTheHlogFolder() throws IOException {
        String db = dir.resolve("pmr.db").toString();
        Path ratios = Files.writeString(dir.resolve("ratios.csv"),
                "measure,period,numerator,denominator\nDSP/PM11,2020-09,9600,10000\n");
        assertEquals(0, cli.run("collector", "import", "ratios", ratios.toString(), "--db", db), cli.err());

        assertEquals(0, cli.run("collector", "report", "--db", db, "--period", "2020-09", "--format", "html",
                "--out", dir.resolve("out").toString()), cli.err());

        String printed = cli.out();
        assertTrue(printed.startsWith("<!DOCTYPE html>"), printed);
        assertTrue(printed.contains("<table id=\"cpm-table\">"));
        assertTrue(printed.contains("<tr data-measure=\"DSP/PM11\""), "the supplied ratio has its row");
        assertEquals(printed, Files.readString(dir.resolve("out/report.html")), "printed and written agree");
        assertTrue(Files.isDirectory(dir.resolve("out/hlog")));
        assertTrue(Files.isRegularFile(dir.resolve("out/daily-levels.csv")));
    }

    @Test
    void aCorrectedMonthIsRestatedAndItsFirstVersionStaysReadable() throws IOException {
        String db = dir.resolve("pmr.db").toString();
        Path ratios = Files.writeString(dir.resolve("ratios.csv"),
                "measure,period,numerator,denominator\nDSP/PM11,2020-09,9600,10000\n");
        assertEquals(0, cli.run("collector", "import", "ratios", ratios.toString(), "--db", db), cli.err());

        assertEquals(0, cli.run("collector", "report", "--db", db, "--period", "2020-09", "--format", "json",
                "--out", dir.resolve("out").toString()), cli.err());
        JsonNode first = JSON.readTree(cli.out());
        assertEquals(1, first.path("version").path("number").asInt());
        assertEquals("96.00", level(first, "DSP/PM11"));
        assertEquals(first, JSON.readTree(dir.resolve("out/report.json").toFile()), "printed and written agree");
        assertTrue(Files.isRegularFile(dir.resolve("out/credits.csv")));

        // Same data: the month is reported again as version 1.
        assertEquals(0, cli.run("collector", "report", "--db", db, "--period", "2020-09", "--format", "json"));
        assertEquals(1, JSON.readTree(cli.out()).path("version").path("number").asInt());

        Path fix = Files.writeString(dir.resolve("fix.csv"),
                "measure,period,numerator,denominator\nDSP/PM11,2020-09,9950,10000\n");
        assertEquals(0, cli.run("collector", "import", "ratios", fix.toString(), "--db", db), cli.err());
        assertEquals(0, cli.run("collector", "report", "--db", db, "--period", "2020-09", "--format", "json",
                "--reason", "provider correction"));
        JsonNode second = JSON.readTree(cli.out());
        assertEquals(2, second.path("version").path("number").asInt());
        assertEquals("99.50", level(second, "DSP/PM11"));
        String reason = second.path("version").path("reason").asText();
        assertTrue(reason.contains("provider correction") && reason.contains("DSP/PM11 96.00 -> 99.50"), reason);

        assertEquals(0, cli.run("collector", "report", "--db", db, "--period", "2020-09", "--show-version", "1"));
        assertEquals(first, JSON.readTree(cli.out()), "version 1 is kept exactly as published");

        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "report", "--db", db, "--period", "2020-09", "--show-version", "3"));
        assertEquals("no version 3 of 2020-09 in " + db, cli.err().strip());
    }

    /**
     * Issue 12: one envelope with a watermark of 2^63-1 (accepted before the edge's bounds) made every later report
     * exit 2 with "integer overflow" from the data fingerprint's SUM. Stored directly here, as an old store holds it,
     * beside counts at the edge's bound; the report runs and the CSV tables are written.
     */
    @Test
    void storedExtremeValuesNeverStopTheReport() throws IOException {
        Path db = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder().addIntervals(IntervalReport
                    .newBuilder().setMeasureId("CSPN/PM4.3").setScope("SKU1").setIntervalLengthMillis(60_000)
                    .setIntervalStartEpochMillis(Instant.parse("2020-09-01T10:00:00Z").toEpochMilli())
                    .setTrtMillis(25_000).setEvents(1L << 40).setWithinTrt(1L << 40));
            for (String measure : new String[] {"CSPN/PM4.3", "CSPN/PM2", "CSPN/PM6.2"}) {
                batch.addWatermarks(MeasureWatermark.newBuilder().setMeasureId(measure)
                        .setFinalThroughEpochMillis(Long.MAX_VALUE));
            }
            Envelope envelope = Envelope.newBuilder().setAgentId("gw-old").setBootEpoch(1).setSequence(1)
                    .setIntervals(batch).build();
            store.write(List.of(new StoreWrite.Accept(envelope, 0)));
        }

        assertEquals(0, cli.run("collector", "report", "--db", db.toString(), "--period", "2020-09", "--format", "json",
                "--out", dir.resolve("out").toString()), cli.err());
        JsonNode report = JSON.readTree(cli.out());
        assertEquals("100.00", level(report, "CSPN/PM4.3"));
        assertTrue(Files.isRegularFile(dir.resolve("out/credits.csv")));
    }

    @Test
    void aMissingDatabaseIsAClearError() {
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "report", "--db", dir.resolve("none.db").toString(), "--period", "2020-09"));
        assertTrue(cli.err().startsWith("no database at "), cli.err());
    }

    @Test
    void anOutFolderThatCannotBeWrittenIsOneLineNamingTheFileAndWhyNotAnInternalError() throws IOException {
        // as on a full disk: the write of an export fails mid-way (here a non-empty directory is where report.json
        // goes); it was exit 1 "internal error" with a stack trace, and a folder that could not be made printed only
        // its path
        String db = dir.resolve("pmr.db").toString();
        Path ratios = Files.writeString(dir.resolve("ratios.csv"),
                "measure,period,numerator,denominator\nDSP/PM11,2020-09,9600,10000\n");
        assertEquals(0, cli.run("collector", "import", "ratios", ratios.toString(), "--db", db), cli.err());
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("report.json"));
        Files.writeString(out.resolve("report.json/keep"), "x");

        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "report", "--db", db, "--period", "2020-09",
                "--format", "csv", "--out", out.toString()));
        assertEquals("cannot write " + out.resolve("report.json") + ": is a directory", cli.err().strip());

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "report", "--db", db, "--period", "2020-09",
                "--format", "csv", "--out", file.resolve("out").toString()));
        assertEquals("cannot write the report into " + file.resolve("out") + ": not a directory", cli.err().strip());
    }

    private static String level(JsonNode report, String id) {
        for (JsonNode measure : report.path("measures")) {
            if (measure.path("id").asText().equals(id)) {
                return measure.path("level").asText();
            }
        }
        throw new AssertionError(id + " not in the report");
    }
}
