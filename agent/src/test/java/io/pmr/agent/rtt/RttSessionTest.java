package io.pmr.agent.rtt;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.ManualScheduler;
import io.pmr.hardware.sim.SimulatedResponder;
import io.pmr.hardware.sim.VirtualClock;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RttSessionTest {
    private static final long T0 = 1_600_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final Duration TRT_25S = Duration.ofSeconds(25);
    private static final Duration TRT_2H = Duration.ofHours(2);

    private final VirtualClock clock = new VirtualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Snapshot> intervals = new ArrayList<>();

    private static RttSettings settings(double rate, Duration duration, List<Duration> trts) {
        // a grace past the largest TRT: these sessions end when every command is settled
        return new RttSettings(EventKind.RTT4, rate, duration, trts, Duration.ofSeconds(5),
                trts.get(trts.size() - 1).plusHours(2));
    }

    private RttSession session(io.pmr.hardware.CommandPort port, RttSettings settings, HistogramLogWriter hlog) {
        RttSession session = new RttSession(port, settings, clock, scheduler, intervals::add, hlog);
        session.start();
        return session;
    }

    /** A responder answering every RTT4 command after exactly 1 s. */
    private SimulatedResponder oneSecondResponder() {
        var fixed = Map.of(EventKind.RTT4, new SimulatedResponder.Latency(Duration.ofSeconds(1), 0, 0, 2, 0, 0));
        return new SimulatedResponder(Region.NORTH, 1, fixed, clock, scheduler);
    }

    @Test
    void withinSharesAndLostAreExactAtTheTrtEdges() {
        // by id % 5: exactly 25 s; 25 s + 1 ms; never; exactly 2 h; 2 h + 1 ms (late: lost)
        long[] pattern = {25 * SECOND, 25 * SECOND + MILLI, -1, 2 * 3600 * SECOND, 2 * 3600 * SECOND + MILLI};
        ScriptedPort port = new ScriptedPort(clock, scheduler, id -> pattern[(int) (id % 5)]);
        RttSession session = session(port, settings(10, Duration.ofSeconds(10), List.of(TRT_25S, TRT_2H)), null);

        long lastIntended = T0 + 99 * SECOND / 10;
        scheduler.runUntil(lastIntended + 2 * 3600 * SECOND);
        assertFalse(session.isFinished(), "the last command's deadline is not passed yet");
        Snapshot before = session.snapshot();
        // ids 2 mod 5 (20) and 4 mod 5 but the last (19) are past their deadline; id 99 is exactly at it
        assertEquals(39, before.lost());
        assertEquals(1, before.pending());

        scheduler.runUntil(lastIntended + 2 * 3600 * SECOND + 1);
        assertTrue(session.isFinished());
        Snapshot s = session.snapshot();
        assertEquals(100, s.sent());
        assertEquals(100, port.sends);
        assertEquals(60, s.answered());
        assertEquals(40, s.lost());
        assertEquals(19, s.late(), "id 99's response (2 h + 1 ms) is still to come");
        assertEquals(0, s.pending());
        scheduler.runUntil(lastIntended + 3 * 3600 * SECOND);
        Snapshot after = session.snapshot();
        assertEquals(20, after.late());
        assertEquals(40, after.lost());
        assertEquals(60, after.answered());
        assertEquals(List.of(20L, 60L), s.withinCounts());
        assertEquals(List.of(0.2, 0.6), s.withinShares());
        assertEquals(7_200_000_000_000L, s.maxNanos(), 7_200_000_000_000L / 1000);
    }

    @Test
    void unknownAndDuplicateResponsesAreCountedAndChangeNothing() {
        ScriptedPort port = new ScriptedPort(clock, scheduler, id -> SECOND);
        RttSession session = session(port, settings(1, Duration.ofSeconds(3), List.of(TRT_25S)), null);
        scheduler.runUntil(T0 + 10 * SECOND);
        port.inject(0, T0 + 2 * SECOND);   // duplicate
        port.inject(99, T0 + 2 * SECOND);  // never sent
        port.inject(-1, T0 + 2 * SECOND);
        Snapshot s = session.snapshot();
        assertEquals(3, s.answered());
        assertEquals(3, s.rejected());
        assertEquals(List.of(3L), s.withinCounts());
    }

    @Test
    void aStalledRigShowsInEveryCommandItDelayedNotOnlyInOne() {
        SimulatedResponder responder = oneSecondResponder();
        ByteArrayOutputStream hlogBytes = new ByteArrayOutputStream();
        PrintStream hlogOut = new PrintStream(hlogBytes, true, StandardCharsets.UTF_8);
        RttSession session = session(responder, settings(10, Duration.ofSeconds(60), List.of(TRT_25S)),
                new HistogramLogWriter(hlogOut));
        scheduler.runUntil(T0 + 20 * SECOND);
        responder.stall(Duration.ofSeconds(10)); // responses due in (20 s, 30 s) arrive at 30 s
        scheduler.runUntil(T0 + 120 * SECOND);
        session.close();

        // The tool's own histogram (its .hlog, read back with HdrHistogram) holds the ~100 commands the 10 s stall
        // delayed, spread over 0..10 s of extra delay, not one sample: 1.1 s .. 10.9 s for the 99 intended at
        // 19.1 s .. 28.9 s (and the one intended at 19.0 s, due at 20.0 s, answered at 30 s: 11 s).
        org.HdrHistogram.Histogram all = new org.HdrHistogram.Histogram(3);
        HistogramLogReader reader = new HistogramLogReader(
                new java.io.ByteArrayInputStream(hlogBytes.toByteArray()));
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            all.add((org.HdrHistogram.Histogram) h);
        }
        assertEquals(600, all.getTotalCount());
        long delayed = all.getCountBetweenValues(1_050 * MILLI, 11_100 * MILLI); // more than the 1 s the responder takes
        assertTrue(delayed >= 95 && delayed <= 105, "samples delayed by the stall: " + delayed);
        assertTrue(all.getCountBetweenValues(1_050 * MILLI, 3_000 * MILLI) >= 15
                && all.getCountBetweenValues(8_000 * MILLI, 11_100 * MILLI) >= 25, "spread over 0..10 s of extra delay");

        assertTrue(session.isFinished());
        Snapshot s = session.snapshot();
        assertEquals(600, s.answered());
        // commands intended at 19.1 s .. 28.9 s (99 of them) answered at 30 s: 1.1 s .. 10.9 s
        assertEquals(10_900 * MILLI, s.maxNanos(), 10_900_000);
        assertTrue(s.p90Nanos() > 2 * SECOND, "p90 " + s.p90Nanos());
        assertTrue(s.p99Nanos() > 9_500 * MILLI, "p99 " + s.p99Nanos());
        assertEquals(SECOND, s.p50Nanos(), 1_000_000);
        assertEquals(List.of(1.0), s.withinShares());
    }

    @Test
    void aLateSenderCountsItsOwnDelayFromTheIntendedSendTime() {
        RttSession session = session(oneSecondResponder(), settings(10, Duration.ofSeconds(30), List.of(TRT_25S)), null);
        scheduler.runUntil(T0 + 10 * SECOND);
        clock.advanceTo(T0 + 15 * SECOND); // the sender thread was held for 5 s: nothing ran
        scheduler.runUntil(T0 + 90 * SECOND);

        Snapshot s = session.snapshot();
        assertEquals(300, s.sent());
        assertEquals(300, s.answered());
        // intended 10.1 s, sent at 15 s, answered at 16 s: 5.9 s
        assertEquals(5_900 * MILLI, s.maxNanos(), 5_900_000);
        assertEquals(0, s.lost());
    }

    @Test
    void summaryHasHdrHistogramsFormatAndTheHlogReadsBackWithTheSameCount(@TempDir Path dir) throws Exception {
        File hlogFile = dir.resolve("rtt.hlog").toFile();
        Snapshot s;
        String summary;
        try (PrintStream hlogOut = new PrintStream(hlogFile, StandardCharsets.UTF_8)) {
            SimulatedResponder responder = SimulatedResponder.withDefaults(Region.NORTH, 11, clock, scheduler);
            RttSession session = new RttSession(responder,
                    new RttSettings(EventKind.RTT4, 20, Duration.ofSeconds(60), List.of(TRT_25S, TRT_2H),
                            Duration.ofSeconds(5), Duration.ofHours(3)),
                    clock, scheduler, intervals::add, new HistogramLogWriter(hlogOut));
            session.start();
            scheduler.runUntil(T0 + 60 * SECOND + 2 * 3600 * SECOND + SECOND);
            assertTrue(session.isFinished());
            session.close();
            s = session.snapshot();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            session.writeSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            summary = bytes.toString(StandardCharsets.UTF_8);
        }
        assertEquals(1200, s.sent());
        assertEquals(1200, s.answered() + s.lost());
        assertTrue(s.lost() > 0 && s.lost() < 20, "lost " + s.lost());
        assertTrue(summary.startsWith("Round-trip latency in milliseconds"), summary);
        assertTrue(summary.contains("Value     Percentile TotalCount 1/(1-Percentile)"), summary);
        assertTrue(summary.matches("(?s).*Total count +=  +" + s.answered() + "\\].*"), summary);
        assertTrue(summary.contains("within 25s: " + s.withinCounts().get(0) + "/1200 = "), summary);
        assertTrue(summary.contains("lost: " + s.lost()), summary);

        long total = 0;
        int histograms = 0;
        HistogramLogReader reader = new HistogramLogReader(hlogFile);
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            assertEquals(null, h.getTag(), "untagged, as HistogramLogProcessor reads by default");
            total += ((org.HdrHistogram.Histogram) h).getTotalCount();
            histograms++;
        }
        assertEquals(s.answered(), total);
        assertTrue(histograms > 12, "one histogram per 5 s interval, got " + histograms);
        assertTrue(intervals.size() >= 12);
        assertTrue(intervals.get(intervals.size() - 1).answered() <= s.answered());
    }

    @Test
    void theSameSeedGivesTheSameSnapshot() {
        assertEquals(runSeeded(5), runSeeded(5));
    }

    private static Snapshot runSeeded(long seed) {
        VirtualClock c = new VirtualClock(T0);
        ManualScheduler sch = new ManualScheduler(c);
        RttSession session = new RttSession(SimulatedResponder.withDefaults(Region.SOUTH, seed, c, sch),
                settings(20, Duration.ofSeconds(30), List.of(TRT_25S)), c, sch, x -> { }, null);
        session.start();
        sch.runUntil(T0 + 120 * SECOND);
        assertTrue(session.isFinished());
        return session.snapshot();
    }

    @Test
    void theSessionEndsWhenTheLastCommandIsAnsweredNotAtItsDeadline() {
        ScriptedPort port = new ScriptedPort(clock, scheduler, id -> SECOND);
        RttSession session = session(port, settings(10, Duration.ofSeconds(1), List.of(TRT_25S)), null);
        long lastAnswer = T0 + 9 * SECOND / 10 + SECOND;
        scheduler.runUntil(lastAnswer - 1);
        assertFalse(session.isFinished(), "command 9 is still pending");
        scheduler.runUntil(lastAnswer);
        assertTrue(session.isFinished(), "settled at 1.9 s: no wait for command 9's deadline (25.9 s)");
        assertEquals(0, scheduler.pendingTasks(), "the sweep and the interval report are cancelled");
        Snapshot s = session.snapshot();
        assertEquals(10, s.answered());
        assertEquals(0, s.unansweredAtStop());
        assertEquals(List.of(10L), s.withinCounts());
    }

    @Test
    void stopEndsSendingAndTheSessionFinishesOnceSentCommandsSettle() {
        ScriptedPort port = new ScriptedPort(clock, scheduler, id -> id == 3 ? -1 : SECOND);
        RttSession session = session(port, settings(1, Duration.ofSeconds(100), List.of(TRT_25S)), null);
        scheduler.runUntil(T0 + 5 * SECOND);
        session.stop();
        scheduler.runUntil(T0 + 28 * SECOND);
        assertFalse(session.isFinished(), "command 3's deadline (28 s) is not passed");
        scheduler.runUntil(T0 + 28 * SECOND + 1);
        assertTrue(session.isFinished());
        Snapshot s = session.snapshot();
        assertEquals(6, s.sent());
        assertEquals(5, s.answered());
        assertEquals(1, s.lost());
        assertEquals(0, scheduler.pendingTasks());
    }

    @Test
    void liveLineIsMachineReadable() {
        Snapshot s = new Snapshot(12_500_000_000L, 250, 240, 1, 2, 8, 0, 0, 0, false, 30 * SECOND, 3_001 * MILLI,
                9_000 * MILLI, 24_000 * MILLI, 30_500 * MILLI, 48_000 * MILLI, List.of(TRT_25S, TRT_2H, Duration.ofHours(22)),
                List.of(235L, 241L, 241L), List.of(235.0 / 242, 241.0 / 242, 241.0 / 242));
        assertEquals("t=12.5s sent=250 count=240 lost=2 pending=8 p50=3001.000ms p90=9000.000ms p99=24000.000ms"
                + " p99.9=30500.000ms max=48000.000ms within 25s=97.11% 2h=99.59% 22h=99.59% failed=1 late=0 rejected=0",
                RttFormat.liveLine(s));
    }

    @Test
    void invalidSettingsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> settings(0, Duration.ofSeconds(1), List.of(TRT_25S)));
        assertTrue(e.getMessage().startsWith("commandsPerSecond"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> settings(1, Duration.ofSeconds(10), List.of(TRT_2H, TRT_25S)));
        assertTrue(e.getMessage().startsWith("trts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RttSettings(EventKind.RTT4, 1,
                Duration.ofSeconds(10), List.of(TRT_25S), Duration.ofSeconds(1), Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().startsWith("grace"), e.getMessage());
    }
}
