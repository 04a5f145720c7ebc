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

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code pmr agent --tap} start refused after the tap and the agent were opened (here: its {@code --metrics} port is
 * taken) closes them gracefully: the checkpoint and the pending starts a graceful stop left are written back, not
 * consumed, so the next start reads every line written while the agent was down, and an end meets its start from
 * before the stop.
 */
class TapRefusedStartTest {

    @Test
    void aStartRefusedForItsMetricsPortLosesNoLineAndNoPendingStart(@TempDir Path dir) throws Exception {
        ZoneId london = ZoneId.of("Europe/London");
        Instant base = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        if (!YearMonth.from(base.atZone(london)).equals(YearMonth.from(base.plusSeconds(20).atZone(london)))) {
            base = base.minusSeconds(60); // keep every event in one report month
        }
        YearMonth period = YearMonth.from(base.atZone(london));
        Path log = dir.resolve("trace.csv");
        Files.write(log, List.of(
                "message_id,direction,kind,device,region,timestamp",
                "a,start,RTT4,h1,north," + base,
                "a,end,RTT4,h1,north," + base.plusSeconds(2),
                "b,start,RTT2,h2,north," + base.plusSeconds(5)));              // its end comes after the restarts
        Path agentDir = dir.resolve("agent");
        try (Collector collector = TraceLogRuns.collector(dir);
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AgentSettings settings = TraceLogRuns.agent("gateway-north", Region.NORTH, collector, agentDir).build();
            TraceTapSettings tapSettings = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, false)
                    .withCheckpoint(agentDir.resolve("tap.checkpoint"));
            TapRunner first = TapRunner.start(settings, tapSettings, TimeSource.system(), Duration.ZERO);
            first.step();
            first.close(Duration.ofSeconds(10));
            assertTrue(Files.exists(agentDir.resolve("tap.checkpoint")), "a graceful stop leaves a checkpoint");

            Files.write(log, List.of(                                           // written while the agent was down
                    "c,start,RTT4,h3,north," + base.plusSeconds(10),
                    "c,end,RTT4,h3,north," + base.plusSeconds(11),
                    "b,end,RTT2,h2,north," + base.plusSeconds(15)), StandardOpenOption.APPEND);

            CliRun cli = new CliRun();
            int code = cli.run("agent", "--tap", log.toString(), "--tap-format", "csv", "--region", "north",
                    "--id", "gateway-north", "--broker", collector.brokerUrl(), "--data-dir", agentDir.toString(),
                    "--metrics", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(ExitCode.USAGE.code(), code, cli.err());
            assertTrue(cli.err().contains("--metrics"), cli.err());
            assertTrue(Files.exists(agentDir.resolve("tap.checkpoint")), "the refused start wrote the checkpoint back");
            assertFalse(Files.exists(agentDir.resolve("agent.running")), "the refused start stopped cleanly");

            TapRunner second = TapRunner.start(settings, tapSettings, TimeSource.system(), Duration.ZERO);
            second.step();
            second.flush();
            assertTrue(second.agent().awaitDrained(Duration.ofSeconds(60)), "the collector acknowledged everything");
            assertEquals(3, second.tap().counters().linesRead(), "the lines written while down: " + second.tap().counters());
            assertEquals(0, second.agent().counters().unknownEnds(), "b's end met its start from before the stop");
            second.close(Duration.ofSeconds(10));

            MonthlyReport report = collector.report(period);
            assertCounts(report, "CSPN/PM4.3", 2, 2);    // a and c, each once
            assertCounts(report, "CSPN/PM4.1", 1, 1);    // b: started before the stop, ended after, within 22 h
        }
    }

    @Test
    void anAgentThatCannotStartLeavesTheTapCheckpointInPlace(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("trace.csv");
        Files.write(log, List.of("message_id,direction,kind,device,region,timestamp"));
        Path agentDir = dir.resolve("agent");
        Path checkpoint = agentDir.resolve("tap.checkpoint");
        try (Collector collector = TraceLogRuns.collector(dir)) {
            AgentSettings settings = TraceLogRuns.agent("gateway-north", Region.NORTH, collector, agentDir).build();
            TraceTapSettings tapSettings = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, false)
                    .withCheckpoint(checkpoint);
            TapRunner first = TapRunner.start(settings, tapSettings, TimeSource.system(), Duration.ZERO);
            first.step();
            first.close(Duration.ofSeconds(10));
            assertTrue(Files.exists(checkpoint), "a graceful stop leaves a checkpoint");
            // A sent-interval ledger without agent.state: the agent refuses the data dir (exit 4 from the command line).
            Files.move(agentDir.resolve("agent.state"), dir.resolve("agent.state.aside"));

            org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                    () -> TapRunner.start(settings, tapSettings, TimeSource.system(), Duration.ZERO));
            assertTrue(Files.exists(checkpoint), "the agent's refusal left the tap's checkpoint");
        }
    }

    private static void assertCounts(MonthlyReport report, String id, long numerator, long denominator) {
        MeasureFigure figure = TraceLogRuns.figure(report, id);
        assertEquals(numerator, figure.numerator(), id + " numerator");
        assertEquals(denominator, figure.denominator(), id + " denominator");
    }
}
