package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the embedded broker and a real collector: an agent reinstalled under a known id (a fresh data dir) is
 * stored, not dropped as duplicates of the old install's envelopes; a data dir that kept its outbox and ledger but
 * lost agent.state makes {@code pmr agent} refuse to start (exit 4).
 */
class ReinstalledAgentTest {
    private static final String ID = "gateway-north";

    @Test
    void aReinstalledAgentsEventsAreStoredAndAnOrphanedDataDirIsRefused(@TempDir Path dir) throws Exception {
        Path oldLog = dir.resolve("old.csv");
        Files.write(oldLog, List.of("message_id,direction,kind,device,region,timestamp,success",
                "m1,start,RTT4,hub-1,north,2020-09-01T10:00:00Z,",
                "m1,end,RTT4,hub-1,north,2020-09-01T10:00:05Z,true",
                "m2,start,RTT4,hub-2,north,2020-09-01T10:00:10Z,",
                "m2,end,RTT4,hub-2,north,2020-09-01T10:00:15Z,true"));
        Path newLog = dir.resolve("new.csv");
        Files.write(newLog, List.of("message_id,direction,kind,device,region,timestamp,success",
                "n1,start,RTT4,hub-1,north,2020-09-02T10:00:00Z,",
                "n1,end,RTT4,hub-1,north,2020-09-02T10:00:50Z,true"));  // outside the 25 s TRT

        try (Collector collector = TraceLogRuns.collector(dir)) {
            Path oldInstall = dir.resolve("old-install");
            measure(collector, oldInstall, oldLog);
            assertCounts(collector.report(YearMonth.of(2020, 9)), 2, 2);

            measure(collector, dir.resolve("new-gateway-image"), newLog); // same id, nothing of the old data dir
            assertCounts(collector.report(YearMonth.of(2020, 9)), 2, 3);
            assertEquals(0, collector.counters().conflicts(), "the new install's keys are its own");

            Files.delete(oldInstall.resolve("agent.state"));
            assertTrue(Files.exists(oldInstall.resolve("sent-intervals.log")), "the ledger stays behind");
            int exit = Pmr.commandLine().execute("agent", "--broker", collector.brokerUrl(), "--region", "north",
                    "--id", ID, "--data-dir", oldInstall.toString(), "--tap", oldLog.toString());
            assertEquals(AgentCommand.EXIT_DATA_DIR_REFUSED, exit);
            assertFalse(Files.exists(oldInstall.resolve("agent.state")), "the refused data dir is left as it was");
        }
    }

    private static void measure(Collector collector, Path dataDir, Path log) throws Exception {
        TraceLogRuns.readOnce(TraceLogRuns.agent(ID, Region.NORTH, collector, dataDir).build(), log);
    }

    private static void assertCounts(MonthlyReport report, long numerator, long denominator) {
        MeasureFigure figure = TraceLogRuns.figure(report, "CSPN/PM4.3");
        assertEquals(numerator, figure.numerator(), "numerator");
        assertEquals(denominator, figure.denominator(), "denominator");
    }
}
