package io.pmr.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's logs: everything in out/pmr.log, the console only what needs a person, and a line per day. */
class DemoLogTest {
    @TempDir
    Path dir;

    private String routed(boolean verbose) throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try (DemoLog log = DemoLog.open(dir.resolve("out").resolve("pmr.log"), verbose)) {
            LoggerFactory.getLogger("io.pmr.collector.ingest.IngestService").info("collector info {}", 1);
            LoggerFactory.getLogger("io.moquette.broker.NewNettyMQTTHandler")
                    .warn("SUBSCRIBE received on already closed connection");
            LoggerFactory.getLogger("io.pmr.agent.Agent").warn("outbox full", new IllegalStateException("full"));
            LoggerFactory.getLogger("io.moquette.broker.Server").error("broker failed");
        } finally {
            System.setErr(original);
        }
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFileGetsEveryRecordTheConsoleOnlyWarningsThatNeedAPerson() throws IOException {
        String console = routed(false);
        String file = Files.readString(dir.resolve("out").resolve("pmr.log"));

        assertTrue(file.contains("[INFO] io.pmr.collector.ingest.IngestService - collector info 1"), file);
        assertTrue(file.contains("SUBSCRIBE received on already closed connection"), file);
        assertTrue(file.contains("outbox full") && file.contains("java.lang.IllegalStateException: full"), file);

        assertFalse(console.contains("collector info"), console);
        assertFalse(console.contains("SUBSCRIBE received"), "Moquette's warnings go to the file only: " + console);
        assertTrue(console.contains("[WARN] io.pmr.agent.Agent - outbox full"), console);
        assertTrue(console.contains("java.lang.IllegalStateException: full"), "a warning's stack trace follows it");
        assertTrue(console.contains("broker failed"), "errors always reach the console, Moquette's too");
    }

    @Test
    void verboseShowsEverything() throws IOException {
        String console = routed(true);
        assertTrue(console.contains("collector info 1") && console.contains("SUBSCRIBE received"), console);
    }

    @Test
    void aLinePerDayOfTheMonthThenEveryTenDaysOfTheTail() {
        List<String> lines = new ArrayList<>();
        DemoProgress progress = new DemoProgress(YearMonth.of(2020, 9), lines::add);
        long start = YearMonth.of(2020, 8).atEndOfMonth().atTime(23, 0).toEpochSecond(ZoneOffset.UTC);
        long end = start + 60L * 86_400;
        long observations = 0;
        for (long second = start; second <= end; second += 60) {
            progress.stepped(second * 1_000_000_000L, observations++);
        }
        assertTrue(lines.get(0).startsWith("day  1 of 30 (2020-09-01): "), lines.get(0));
        assertTrue(lines.get(29).startsWith("day 30 of 30 (2020-09-30): "), lines.get(29));
        assertTrue(lines.get(30).startsWith("settling the longest TRTs"), lines.get(30));
        assertEquals(33, lines.size(), "30 days, then 2020-10-01, -11, -21 (the clock stops at 10-30 23:00): " + lines);
    }
}
