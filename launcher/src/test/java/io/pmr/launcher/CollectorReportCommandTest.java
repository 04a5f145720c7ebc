package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pmr collector report} as a user runs it: publish, restate after a correction, read an old version. */
class CollectorReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void htmlFormatPrintsThePageAndOutGetsItWithTheHlogFolder() throws IOException {
        String db = dir.resolve("pmr.db").toString();
        Path ratios = Files.writeString(dir.resolve("ratios.csv"),
                "measure,period,numerator,denominator\nDSP/PM11,2020-09,9600,10000\n");
        assertEquals(0, run("collector", "import", "ratios", ratios.toString(), "--db", db), err.toString());

        assertEquals(0, run("collector", "report", "--db", db, "--period", "2020-09", "--format", "html",
                "--out", dir.resolve("out").toString()), err.toString());

        String printed = out.toString();
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
        assertEquals(0, run("collector", "import", "ratios", ratios.toString(), "--db", db), err.toString());

        assertEquals(0, run("collector", "report", "--db", db, "--period", "2020-09", "--format", "json",
                "--out", dir.resolve("out").toString()), err.toString());
        JsonNode first = JSON.readTree(out.toString());
        assertEquals(1, first.path("version").path("number").asInt());
        assertEquals("96.00", level(first, "DSP/PM11"));
        assertEquals(first, JSON.readTree(dir.resolve("out/report.json").toFile()), "printed and written agree");
        assertTrue(Files.isRegularFile(dir.resolve("out/credits.csv")));

        // Same data: the month is reported again as version 1.
        assertEquals(0, run("collector", "report", "--db", db, "--period", "2020-09", "--format", "json"));
        assertEquals(1, JSON.readTree(out.toString()).path("version").path("number").asInt());

        Path fix = Files.writeString(dir.resolve("fix.csv"),
                "measure,period,numerator,denominator\nDSP/PM11,2020-09,9950,10000\n");
        assertEquals(0, run("collector", "import", "ratios", fix.toString(), "--db", db), err.toString());
        assertEquals(0, run("collector", "report", "--db", db, "--period", "2020-09", "--format", "json",
                "--reason", "provider correction"));
        JsonNode second = JSON.readTree(out.toString());
        assertEquals(2, second.path("version").path("number").asInt());
        assertEquals("99.50", level(second, "DSP/PM11"));
        String reason = second.path("version").path("reason").asText();
        assertTrue(reason.contains("provider correction") && reason.contains("DSP/PM11 96.00 -> 99.50"), reason);

        assertEquals(0, run("collector", "report", "--db", db, "--period", "2020-09", "--show-version", "1"));
        assertEquals(first, JSON.readTree(out.toString()), "version 1 is kept exactly as published");

        assertEquals(2, run("collector", "report", "--db", db, "--period", "2020-09", "--show-version", "3"));
        assertEquals("no version 3 of 2020-09 in " + db, err.toString().strip());
    }

    @Test
    void aMissingDatabaseIsAClearError() {
        assertEquals(2, run("collector", "report", "--db", dir.resolve("none.db").toString(), "--period", "2020-09"));
        assertTrue(err.toString().startsWith("no database at "), err.toString());
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
