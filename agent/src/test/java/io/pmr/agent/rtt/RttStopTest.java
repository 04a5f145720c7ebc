package io.pmr.agent.rtt;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.sim.ManualScheduler;
import io.pmr.hardware.sim.VirtualClock;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session ends at duration + grace like wrk2, and its .hlog is what HdrHistogram's own tools expect. */
class RttStopTest {
    private static final long T0 = 1_600_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final VirtualClock clock = new VirtualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Snapshot> intervals = new ArrayList<>();

    /** 10/s for 10 s, TRT 25 s, grace 20 s: stops at 30 s. Every id ending in 3 is never answered, the rest in 1 s. */
    private RttSession neverAnsweringOneInTen(HistogramLogWriter hlog) {
        ScriptedPort port = new ScriptedPort(clock, scheduler, id -> id % 10 == 3 ? -1 : SECOND);
        RttSession session = new RttSession(port, new RttSettings(EventKind.RTT4, 10, Duration.ofSeconds(10),
                List.of(Duration.ofSeconds(25)), Duration.ofSeconds(5), Duration.ofSeconds(20)), clock, scheduler,
                intervals::add, hlog);
        session.start();
        return session;
    }

    @Test
    void stopsAtDurationPlusGraceCountingThePendingApartFromTheLost() {
        RttSession session = neverAnsweringOneInTen(null);
        scheduler.runUntil(T0 + 30 * SECOND - 1);
        assertFalse(session.isFinished());
        scheduler.runUntil(T0 + 30 * SECOND);
        assertTrue(session.isFinished(), "stopped at 10 s + 20 s, not at the last command's 25 s deadline (34.3 s)");
        assertEquals(0, scheduler.pendingTasks(), "nothing left scheduled after the stop");

        Snapshot s = session.snapshot();
        assertEquals(100, s.sent());
        assertEquals(90, s.answered());
        // never answered, intended at 0.3 .. 4.3 s: past 25 s by 30 s, lost; at 5.3 .. 9.3 s: no verdict yet
        assertEquals(5, s.lost());
        assertEquals(5, s.unansweredAtStop());
        assertEquals(0, s.pending());
        assertEquals(List.of(90L), s.withinCounts());
        assertEquals(95, s.settled(), "unanswered at stop are outside the within-share's denominator");
    }

    @Test
    void theLiveLineSaysWhatItWaitsForOnceEverythingIsSent() {
        neverAnsweringOneInTen(null);
        scheduler.runUntil(T0 + 30 * SECOND);
        Snapshot at5 = intervals.get(0);
        Snapshot at15 = intervals.get(2);
        assertFalse(at5.sendingDone());
        assertFalse(RttFormat.liveLine(at5).contains("waiting"), RttFormat.liveLine(at5));
        assertTrue(RttFormat.liveLine(at15).startsWith("t=15.0s waiting for 10 responses, stop in 15.0s: sent=100 "),
                RttFormat.liveLine(at15));
    }

    @Test
    void aResponseAfterTheStopIsLateAndChangesNothing() {
        ScriptedPort port = new ScriptedPort(clock, scheduler, id -> id % 10 == 3 ? -1 : SECOND);
        RttSession session = new RttSession(port, new RttSettings(EventKind.RTT4, 10, Duration.ofSeconds(10),
                List.of(Duration.ofSeconds(25)), Duration.ofSeconds(5), Duration.ofSeconds(20)), clock, scheduler,
                intervals::add, null);
        session.start();
        scheduler.runUntil(T0 + 30 * SECOND);
        port.inject(93, T0 + 31 * SECOND);
        Snapshot s = session.snapshot();
        assertEquals(1, s.late());
        assertEquals(90, s.answered());
        assertEquals(5, s.unansweredAtStop());
    }

    @Test
    void closingEarlyCountsThePendingAsUnansweredAtStop() {
        RttSession session = neverAnsweringOneInTen(null);
        scheduler.runUntil(T0 + 5 * SECOND);
        session.close();
        assertTrue(session.isFinished());
        Snapshot s = session.snapshot();
        assertEquals(s.sent(), s.answered() + s.lost() + s.unansweredAtStop());
        assertEquals(0, s.pending());
        assertTrue(s.unansweredAtStop() >= 5, "the never-answered ones and those sent in the last second");
    }

    @Test
    void theSummaryNamesItsUnitAndCountsTheUnansweredApart() {
        RttSession session = neverAnsweringOneInTen(null);
        scheduler.runUntil(T0 + 30 * SECOND);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        session.writeSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String summary = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("Round-trip latency in milliseconds, from each command's intended send time:\n"),
                summary);
        // 1 s in nanoseconds, at 3 significant digits, shown in milliseconds
        assertTrue(summary.contains("#[Max     =     1000.342, Total count    =           90]"), summary);
        assertTrue(summary.contains("within 25s: 90/95 = 94.74%"), summary);
        assertTrue(summary.contains("sent: 100, answered: 90, failed: 0, lost: 5, unanswered at stop: 5, late: 0,"
                + " rejected: 0"), summary);
    }

    @Test
    void hdrHistogramsOwnLogProcessorReadsTheHlogWithItsDefaults(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("rtt.hlog");
        try (PrintStream out = new PrintStream(hlog.toFile(), StandardCharsets.UTF_8)) {
            RttSession session = neverAnsweringOneInTen(new HistogramLogWriter(out));
            scheduler.runUntil(T0 + 30 * SECOND);
            session.close();
        }
        String text = Files.readString(hlog);
        assertEquals(1, count(text, "#\\[StartTime: "), "one header:\n" + text);
        assertEquals(1, count(text, "\"StartTimestamp\",\"Interval_Length\""), "one legend:\n" + text);
        assertFalse(text.contains("Tag="), "untagged:\n" + text);

        Path processed = dir.resolve("processed");
        HistogramLogProcessor processor = new HistogramLogProcessor(
                new String[] {"-i", hlog.toString(), "-o", processed.toString()});
        processor.run();
        String distribution = Files.readString(Path.of(processed + ".hgrm"));
        // the processor's default unit ratio (1e6) turns the log's nanoseconds into milliseconds: 1 s reads 1000.342
        assertTrue(distribution.contains("#[Max     =     1000.342, Total count    =           90]"), distribution);
        List<String> intervalLines = Files.readAllLines(processed).stream()
                .filter(line -> line.matches("^ *[0-9].*")).toList();
        assertEquals(6, intervalLines.size(), "one line per 5 s interval up to the stop at 30 s:\n" + intervalLines);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
