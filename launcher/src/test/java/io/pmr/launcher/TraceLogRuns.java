package io.pmr.launcher;

import io.pmr.agent.AgentCounters;
import io.pmr.agent.AgentSettings;
import io.pmr.agent.CatalogueTrts;
import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.tap.TraceFormat;
import io.pmr.hardware.tap.TraceTapCounters;
import io.pmr.hardware.tap.TraceTapSettings;
import io.pmr.model.MeasureTrts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up the tap end-to-end tests share: a collector with its database in the test's folder, a tap agent that
 * reads a trace log once, whole (one poll and tick, a flush), until the collector acknowledged everything, then stops
 * gracefully; and a report's figure by id. Each test keeps its own log and its own assertions.
 */
final class TraceLogRuns {
    private TraceLogRuns() {
    }

    /** What the tap and the agent counted, read once the collector acknowledged everything, before the stop. */
    record Counted(TraceTapCounters tap, AgentCounters agent) {
    }

    /**
     * A trace log read whole into a running collector ({@link #readWholeLog}): the collector, to import into and to
     * report from, and what the tap and the agent counted. Closing it stops the collector.
     */
    record Run(Collector collector, Counted counted) implements AutoCloseable {
        /** The collector's report of {@code month}. */
        MonthlyReport report(YearMonth month) {
            return collector.report(month);
        }

        @Override
        public void close() {
            collector.close();
        }
    }

    /** A collector (embedded broker) with its database {@code pmr.db} in {@code dir}. */
    static Collector collector(Path dir) {
        return Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db")).build());
    }

    /** A tap agent of the collector's broker, re-sending after 1 s, measuring the five classic kinds. */
    static AgentSettings.Builder agent(String agentId, Region region, Collector collector, Path dataDir) {
        return AgentSettings.builder().agentId(agentId).region(region).brokerUrl(collector.brokerUrl())
                .dataDir(dataDir).resendAfter(Duration.ofSeconds(1));
    }

    /** {@link #agent} measuring every kind, by the shipped catalogue's TRTs and rules (as {@code pmr agent}'s). */
    static AgentSettings.Builder wholeSimulationAgent(String agentId, Region region, Collector collector,
            Path dataDir) {
        return agent(agentId, region, collector, dataDir)
                .kindTrts(CatalogueTrts.measured(MeasureTrts.shippedRules(), true));
    }

    /**
     * The tap end-to-end tests' run: writes {@code lines} to the trace log {@code logName} in {@code dir}, starts a
     * {@link #collector} there and reads the log once with a {@link #wholeSimulationAgent} of {@code region} (its data
     * in {@code dir/agent}). The caller closes the run; a read that fails stops the collector first.
     */
    static Run readWholeLog(Path dir, String logName, List<String> lines, String agentId, Region region)
            throws Exception {
        Path log = dir.resolve(logName);
        Files.write(log, lines);
        Collector collector = collector(dir);
        try {
            return new Run(collector, readOnce(wholeSimulationAgent(agentId, region, collector, dir.resolve("agent"))
                    .build(), log));
        } catch (Exception | Error e) {
            collector.close();
            throw e;
        }
    }

    /**
     * Runs the agent over the whole log (its lines of the agent's region) and stops it; fails the test when the
     * collector has not acknowledged everything within 60 s.
     */
    static Counted readOnce(AgentSettings settings, Path log) throws Exception {
        TapRunner runner = TapRunner.start(settings,
                new TraceTapSettings(log, TraceFormat.AUTO, settings.region(), false), TimeSource.system(), Duration.ZERO);
        try {
            runner.step();
            runner.flush();
            assertTrue(runner.agent().awaitDrained(Duration.ofSeconds(60)), "the collector acknowledged everything");
            return new Counted(runner.tap().counters(), runner.agent().counters());
        } finally {
            runner.close(Duration.ofSeconds(10));
        }
    }

    /** The report's figure of a measure; fails the test when the report has none. */
    static MeasureFigure figure(MonthlyReport report, String id) {
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in the report"));
    }
}
