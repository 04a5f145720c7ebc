package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.imports.ImportRecord;
import io.pmr.collector.store.SqliteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CollectorImportCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void importsAFileThenRecognisesItAgainAndTakesACorrection() throws IOException {
        Path db = dir.resolve("pmr.db");
        Path file = write("ratios.csv", """
                measure,period,numerator,denominator
                DSP/PM11,2020-09,990,1000
                DSP/PM3,2020-09,2,
                """);
        assertEquals(0, cli.run("collector", "import", "ratios", file.toString(), "--db", db.toString()), cli.err());
        assertEquals("stored 2 rows (2 new, 0 corrected, 0 unchanged) from " + file + " as import #1",
                cli.out().strip());

        assertEquals(0, cli.run("collector", "import", "ratios", file.toString(), "--db", db.toString()));
        assertEquals("stored 2 rows (0 new, 0 corrected, 2 unchanged) from " + file + " as import #2; nothing changed:"
                + " every row was already stored", cli.out().strip());

        Path fix = write("fix.csv", "measure,period,numerator,denominator\nDSP/PM11,2020-09,995,1000\n");
        assertEquals(0, cli.run("collector", "import", "ratios", fix.toString(), "--db", db.toString()));
        assertEquals("stored 1 rows (0 new, 1 corrected, 0 unchanged) from " + fix + " as import #3",
                cli.out().strip());
        try (SqliteStore store = SqliteStore.open(db)) {
            assertEquals(995, store.imported().supplied().get(1).numerator());
            assertEquals(1, store.replacedRows().size());
        }
    }

    @Test
    void aBadFileListsEveryBadLineExitsTwoAndStoresNothing() throws IOException {
        Path db = dir.resolve("pmr.db");
        Path file = write("outages.csv", """
                measure,event_id,started_at,hubs,alerts_within_trt
                CSPN/PM12.2,E1,2020-09-05T02:00:00Z,4000,3990
                CSPN/PM12.2,E2,2021-03-28T01:30:00,4000,3990
                CSPN/PM12.1,E3,2020-09-05T02:00:00Z,60,60
                """);
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "import", "power-outages", file.toString(),
                "--db", db.toString()));
        assertEquals(List.of(
                "rejected " + file + ": 2 problem(s) on 2 line(s); nothing was stored",
                file + ":3: started_at: '2021-03-28T01:30:00' does not exist in UK local time (the clocks went"
                        + " forward then); give the time with an offset",
                file + ":4: measure: an event of 60 hubs (more than 50) belongs to a power_outage measure (PM12.2);"
                        + " CSPN/PM12.1 is within_trt"), cli.err().lines().toList());
        assertEquals("", cli.out());
        assertFalse(Files.exists(db), "nothing was stored, not even a database");
    }

    @Test
    void aFileOfManyBadLinesListsTheFirstHundredAndCountsTheRest() throws IOException {
        Path db = dir.resolve("pmr.db");
        StringBuilder text = new StringBuilder("incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason\n");
        for (int i = 0; i < 150; i++) {
            text.append("INC").append(i).append(",9,2020-09-01T10:00:00Z,,,\n");
        }
        Path file = write("inc.csv", text.toString());
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "import", "incidents", file.toString(),
                "--db", db.toString()));
        List<String> lines = cli.err().lines().toList();
        assertEquals("rejected " + file + ": 150 problem(s) on 150 line(s); nothing was stored", lines.get(0));
        assertEquals(1 + 100 + 1, lines.size(), cli.err());
        assertTrue(lines.get(1).startsWith(file + ":2: category: "), lines.get(1));
        assertTrue(lines.get(100).startsWith(file + ":101: category: "), lines.get(100));
        assertEquals("... and 50 more problem(s) not listed", lines.get(101));
        assertFalse(Files.exists(db), "nothing was stored, not even a database");
    }

    @Test
    void anUnknownKindIsAUsageErrorAndAMissingFileRefused() {
        assertEquals(ExitCode.USAGE.code(), cli.run("collector", "import", "tickets", "x.csv", "--db",
                dir.resolve("a.db").toString()));
        assertTrue(cli.err().contains("unknown import kind 'tickets'"), cli.err());
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "import", "incidents",
                dir.resolve("none.csv").toString(), "--db",
                dir.resolve("a.db").toString()));
        assertEquals("cannot read " + dir.resolve("none.csv") + ": no such file or directory", cli.err().strip());
        assertEquals(ExitCode.USAGE.code(), cli.run("collector", "import", "incidents"));
    }

    @Test
    void theImportTimeComesFromTheClockGiven() throws IOException {
        Path db = dir.resolve("pmr.db");
        Path file = write("inc.csv", "incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason\n"
                + "INC1,1,2020-09-01T10:00:00Z,,,\n");
        Instant now = Instant.parse("2020-10-02T08:00:00Z");
        CommandLine clocked = new CommandLine(new CollectorImportCommand(Clock.fixed(now, ZoneOffset.UTC)));
        clocked.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, clocked.execute("incidents", file.toString(), "--db", db.toString()));
        try (SqliteStore store = SqliteStore.open(db)) {
            ImportRecord record = store.imports().get(0);
            assertEquals(now.toEpochMilli(), record.importedAtEpochMillis());
            assertEquals("incidents", record.kind());
            assertEquals(1, record.changedRows());
        }
    }

    @Test
    void importHasHelp() {
        assertEquals(0, cli.run("collector", "import", "--help"));
        assertTrue(cli.out().contains("Usage: pmr collector import"), cli.out());
    }
}
