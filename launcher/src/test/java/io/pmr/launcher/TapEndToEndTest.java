package io.pmr.launcher;

import io.pmr.agent.AgentSettings;
import io.pmr.collector.Collector;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.tap.TraceFormat;
import io.pmr.hardware.tap.TraceTapSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway's trace log, tailed by an agent in real time, through MQTT and the collector, gives exactly the
 * figures the log implies (TRT edges, a lost response, a failed end, the month's edge in UK time), and a
 * bad line is counted and skipped without losing its neighbours.
 */
class TapEndToEndTest {

    @Test
    void aTraceLogBecomesExactMonthlyFigures(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gateway-trace.csv");
        Files.write(log, List.of(
                "message_id,direction,kind,device,region,timestamp,success",
                "m1,start,RTT4,hub-1,north,2020-09-01T10:00:00Z,",
                "m1,end,RTT4,hub-1,north,2020-09-01T10:00:25Z,true",          // exactly the TRT: within
                "m2,start,PM4.3,hub-2,north,2020-09-01T10:00:10Z,",
                "m2,end,PM4.3,hub-2,north,2020-09-01T10:00:35.001Z,true",     // 1 ms over: outside
                "m3,start,RTT4,hub-3,north,2020-09-01T10:00:20Z,",            // never answered: outside
                "m4,start,CAT3_ALERT,hub-4,north,2020-09-01T10:01:00Z,",
                "m4,end,CAT3_ALERT,hub-4,north,2020-09-01T10:01:59.999Z,true", // within 60 s
                "m5,start,RTT4,hub-5,north,2020-08-31T23:30:00Z,",            // 00:30 BST on 1 September
                "m5,end,RTT4,hub-5,north,2020-08-31T23:30:01Z,true",
                "m6,start,RTT4,hub-6,north,2020-08-31T22:59:59.999Z,",        // still August in UK time
                "m6,end,RTT4,hub-6,north,2020-08-31T22:59:59.999Z,true",
                "m7,start,RTT9,hub-7,north,2020-09-01T10:03:00Z,",            // bad kind: counted, skipped
                "m8,start,CAT3_ALERT,hub-8,north,2020-09-01T10:02:00Z,",
                "m8,end,CAT3_ALERT,hub-8,north,2020-09-01T10:02:01Z,false",   // failure reported: outside
                "m9,start,RTT4,hub-9,south,2020-09-01T10:04:00Z,"));          // another region's: skipped

        try (Collector collector = TraceLogRuns.collector(dir)) {
            TraceLogRuns.Counted counted = TraceLogRuns.readOnce(
                    TraceLogRuns.agent("gateway-north", Region.NORTH, collector, dir.resolve("agent")).build(), log);
            assertEquals(1, counted.tap().badLines());
            assertEquals(1, counted.tap().otherRegion());

            MonthlyReport september = collector.report(YearMonth.of(2020, 9));
            assertCounts(september, "CSPN/PM4.3", 2, 4);
            assertCounts(september, "CSPN/PM3.2", 1, 2);
            assertEquals(0, TraceLogRuns.figure(september, "CSPN/PM3.1").denominator(), "declared but no events");
            assertEquals("no_events", TraceLogRuns.figure(september, "CSPN/PM3.1").status().code());
            assertTrue(TraceLogRuns.figure(september, "CSPN/PM4.3").isFinal());
            assertCounts(collector.report(YearMonth.of(2020, 8)), "CSPN/PM4.3", 1, 1);
        }
    }

    @Test
    void aGracefulRestartLosesNothingAndCountsNothingTwice(@TempDir Path dir) throws Exception {
        // Live timestamps (two minutes ago): the agent expires pending events on the wall clock, so an event
        // carried over a restart must still be within its deadline, as on a live gateway.
        ZoneId london = ZoneId.of("Europe/London");
        Instant base = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        if (!YearMonth.from(base.atZone(london)).equals(YearMonth.from(base.plusSeconds(20).atZone(london)))) {
            base = base.minusSeconds(60); // keep all four events in one report month
        }
        YearMonth period = YearMonth.from(base.atZone(london));
        Path log = dir.resolve("trace.csv");
        Files.write(log, List.of(
                "message_id,direction,kind,device,region,timestamp",
                "a,start,RTT4,h1,north," + base,
                "a,end,RTT4,h1,north," + base.plusSeconds(2),
                "b,start,RTT2,h2,north," + base.plusSeconds(5)));              // its end comes after the restart
        Path agentDir = dir.resolve("agent");
        try (Collector collector = TraceLogRuns.collector(dir)) {
            AgentSettings settings = TraceLogRuns.agent("gateway-north", Region.NORTH, collector, agentDir).build();
            TraceTapSettings tapSettings = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, false)
                    .withCheckpoint(agentDir.resolve("tap.checkpoint"));

            TapRunner first = TapRunner.start(settings, tapSettings, TimeSource.system(), Duration.ZERO);
            first.step();
            first.close(Duration.ofSeconds(10));

            Files.write(log, List.of(                                           // written while the agent was down
                    "c,start,RTT4,h3,north," + base.plusSeconds(10),
                    "c,end,RTT4,h3,north," + base.plusSeconds(11),
                    "b,end,RTT2,h2,north," + base.plusSeconds(15)), java.nio.file.StandardOpenOption.APPEND);

            TapRunner second = TapRunner.start(settings, tapSettings, TimeSource.system(), Duration.ZERO);
            second.step();
            assertEquals(0, second.tap().counters().unmatchedEnds(), "b's end met its start from before the stop");
            assertEquals(0, second.agent().counters().unknownEnds());
            second.close(Duration.ofSeconds(10));
            assertEquals(0, second.agent().outboxSize(), "everything acknowledged at the stop");

            MonthlyReport report = collector.report(period);
            assertCounts(report, "CSPN/PM4.3", 2, 2);    // a and c, each once
            assertCounts(report, "CSPN/PM4.1", 1, 1);    // b: started before the stop, ended after, within 22 h
        }
    }

    private static void assertCounts(MonthlyReport report, String id, long numerator, long denominator) {
        MeasureFigure figure = TraceLogRuns.figure(report, id);
        assertEquals(numerator, figure.numerator(), id + " numerator");
        assertEquals(denominator, figure.denominator(), id + " denominator");
    }
}
