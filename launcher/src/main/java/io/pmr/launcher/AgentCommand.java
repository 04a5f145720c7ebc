package io.pmr.launcher;

import io.pmr.agent.Agent;
import io.pmr.agent.AgentSettings;
import io.pmr.agent.CatalogueTrts;
import io.pmr.agent.KindTrts;
import io.pmr.agent.metrics.AgentMetrics;
import io.pmr.agent.metrics.MetricsEndpoint;
import io.pmr.agent.spool.OrphanedDataDirException;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.SteadyTimeSource;
import io.pmr.hardware.rig.RigAddress;
import io.pmr.hardware.rig.TcpRigPort;
import io.pmr.hardware.rig.TcpRigSettings;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.hardware.sim.TruthRow;
import io.pmr.hardware.tap.TraceFormat;
import io.pmr.hardware.tap.TraceTapSettings;
import io.pmr.model.MeasureTrts;
import io.pmr.model.TrtRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code pmr agent}: one agent on its own, measuring one region of the simulated rig on a virtual clock
 * and publishing to a broker given by URL (for example a collector started with {@code pmr collector}).
 */
@Command(name = "agent", mixinStandardHelpOptions = true, subcommands = RttCommand.class,
        description = {"Runs one agent measuring one region, publishing to the broker at --broker.",
                "Without --tap: the simulated rig for a month on a virtual clock; exits once the collector",
                "acknowledged everything. With --tap FILE: tails a gateway's CSV or JSON-lines trace log in real",
                "time until stopped (Ctrl-C); see docs/trace-tap.md for the format."})
final class AgentCommand implements Callable<Integer>, FieldOptions {

    @Option(names = "--broker", description = "Broker URL, e.g. tcp://127.0.0.1:1883 (required unless 'rtt').")
    String brokerUrl;

    @Option(names = "--region", description = "north, central or south (required unless 'rtt').")
    Region region;

    @Option(names = "--id", description = "Agent id (default agent-<region>).")
    String agentId;

    @Option(names = "--data-dir", description = "Outbox, identity and .hlog folder (default ./agent-data/<id>).")
    Path dataDir;

    @Option(names = "--period", defaultValue = "2020-09", description = "Month the simulated rig runs (default ${DEFAULT-VALUE}).")
    YearMonth period;

    @Option(names = "--hubs", defaultValue = "300", description = "Simulated hubs over all regions (default ${DEFAULT-VALUE}).")
    int hubs;

    @Option(names = "--seed", defaultValue = "7", description = "Rig seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--catalogue", description = "Catalogue folder or measures CSV whose TRTs the agent applies until the collector sends its own (default: the shipped one).")
    Path catalogue;

    @Option(names = "--resend-after", defaultValue = "10s", description = "Re-send what the collector has not acknowledged after this long (default ${DEFAULT-VALUE}).")
    Duration resendAfter;

    @Option(names = "--drain-timeout", defaultValue = "5m", description = "How long to wait for the collector's acknowledgements at the end (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--max-outbox", defaultValue = "100000", description = "Most unacknowledged interval and event batches kept in the outbox; when full the agent refuses more, logs 'outbox full' and keeps them in memory until acks make room (default ${DEFAULT-VALUE}).")
    int maxOutbox;

    @Option(names = "--rig", description = "Measure a rig over TCP (pmr rig), tcp://HOST:PORT, until its end of stream, instead of the in-process simulated rig.")
    String rigUrl;

    @Option(names = "--whole", description = "Measure every kind the region sees (the whole simulation), TRTs of the per-device kinds from the catalogue or their placeholders. With --rig the rig's welcome decides this by itself.")
    boolean whole;

    @Option(names = "--tap", description = "Tail this trace log (CSV or JSON lines) instead of running the simulated rig.")
    Path tapFile;

    @Option(names = "--tap-format", defaultValue = "AUTO", description = "csv, jsonl or auto (by extension; default ${DEFAULT-VALUE}).")
    TraceFormat tapFormat;

    @Option(names = "--from-start", description = "With --tap: read the log from its beginning instead of from its end.")
    boolean fromStart;

    @Option(names = "--poll-every", defaultValue = "1s", description = "With --tap: how often to read the log (default ${DEFAULT-VALUE}).")
    Duration pollEvery;

    @Option(names = "--publish-every", defaultValue = "60s", description = "With --tap: how often final intervals are sent (default ${DEFAULT-VALUE}).")
    Duration publishEvery;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve the agent's Prometheus metrics on"
            + " http://HOST:PORT/metrics (counters, outbox depth, connection, JVM); off by default, no authentication:"
            + " bind loopback or a management network (:0 = loopback, ephemeral port).")
    String metrics;

    @picocli.CommandLine.Mixin
    RunOptions run = new RunOptions();

    @picocli.CommandLine.Mixin
    AgentSecurityOptions security = new AgentSecurityOptions();

    /** Exit code when the data dir is refused (cannot be opened, or an outbox or a ledger without agent.state). */
    static final int EXIT_DATA_DIR_REFUSED = ExitCode.DATA_DIR_REFUSED.code();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Set once the agent has started: an I/O failure before that is the data dir's refusal (Agent.start). */
    private volatile boolean agentStarted;

    @Override
    public Map<String, String> fieldOptions() {
        return Map.ofEntries(Map.entry("brokerUrl", "--broker"), Map.entry("agentId", "--id"),
                Map.entry("maxOutboxMessages", "--max-outbox"), Map.entry("hubs", "--hubs"),
                Map.entry("period", "--period"), Map.entry("trustStore", "--tls-truststore"),
                Map.entry("trustStorePasswordFile", "--tls-truststore-password-file"),
                Map.entry("keyStore", "--tls-keystore"), Map.entry("keyStorePasswordFile", "--tls-keystore-password-file"),
                Map.entry("passwordFile", "--password-file"));
    }

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        try {
            return run();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof OrphanedDataDirException orphaned) {
                System.err.println("pmr agent: refusing to start: " + orphaned.getMessage());
                return EXIT_DATA_DIR_REFUSED;
            }
            if (!agentStarted) { // a file where the folder should be, no room or no right to write: not a bug
                // a file-system exception's message is often just the path: the reason in words beside it
                System.err.println("pmr agent: refusing to start: " + e.getMessage()
                        + (e.getCause() instanceof java.nio.file.FileSystemException fs && fs.getReason() == null
                        ? " (" + CliErrors.fileProblem(fs) + ")" : ""));
                return EXIT_DATA_DIR_REFUSED;
            }
            throw e;
        }
    }

    @SuppressWarnings("try") // the metrics endpoint is a resource only to be closed with the agent
    private int run() throws InterruptedException, java.io.IOException {
        if (brokerUrl == null || region == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--broker and --region are required (unless 'pmr agent rtt')");
        }
        Region home = region;
        String id = agentId != null ? agentId : "agent-" + home.name().toLowerCase(Locale.ROOT);
        Path dir = dataDir != null ? dataDir : Path.of("agent-data", id);
        HostPort metricsAddress = metricsAddress();
        // The offline default: the collector's AgentConfig, once it comes, decides the TRTs (docs/architecture.md).
        Map<String, TrtRule> cat = catalogueTrts();
        KindTrts kindTrts = CatalogueTrts.measured(cat, whole);
        Map<EventKind, Duration> trts = kindTrts.trts();
        if (tapFile != null) {
            return runTap(home, id, dir, kindTrts, metricsAddress);
        }
        if (rigUrl != null) {
            return runTcpRig(home, id, dir, cat, metricsAddress);
        }
        RigScenario scenario = RigScenario.of(seed, hubs, period, trts);
        SimulatedRig rig = SimulatedRig.create(whole ? scenario.withWholeSimulation() : scenario);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Agent agent = Agent.start(AgentSettings.builder()
                .agentId(id).region(home).brokerUrl(brokerUrl).dataDir(dir).kindTrts(kindTrts)
                .publishEvery(DemoRun.PUBLISH_EVERY).resendAfter(resendAfter).maxOutboxMessages(maxOutbox)
                .security(security.security()).replayFromStart(true).build(), rig.port(home), scheduler);
                MetricsEndpoint served = serveMetrics(metricsAddress, agent, id)) {
            agentStarted = true;
            DemoRun.runMonth(rig, List.of(agent), whole ? DemoRun.coarseAfterEpochNanos(period, trts) : Long.MAX_VALUE);
            agent.flush();
            agent.awaitDrained(drainTimeout);
            int left = agent.outboxSize();
            System.out.println("agent " + agent.counters());
            System.out.println("ground truth of the simulated rig, " + period + ", region " + home + ":");
            for (TruthRow row : rig.groundTruth().rows(period)) {
                if (row.measureId().startsWith(home.providerCode() + "/")) {
                    System.out.printf(Locale.ROOT, "  %-12s numerator %d denominator %d%n", row.measureId(), row.withinTrt(), row.events());
                }
            }
            if (left > 0) {
                System.out.println(left + " messages not acknowledged by the collector within " + drainTimeout
                        + "; they stay in " + dir.resolve("outbox") + " and are re-sent at the next start");
                return ExitCode.UNACKNOWLEDGED.code();
            }
            return 0;
        } finally {
            scheduler.shutdownNow();
        }
    }

    /**
     * The agent on a {@link TcpRigPort}: the port's delivery thread runs the listener and, after each of the
     * rig's ticks, {@code agent.tick()}; after the end of stream (no more deliveries) this thread flushes and
     * waits for the collector's acknowledgements. The agent measures every kind its region sees when the rig
     * serves the whole simulation (its welcome says so) or {@code --whole} asks for it.
     */
    /** The TRT column of {@code --catalogue}, or of the shipped catalogue: every rule, fixed or not. */
    private Map<String, TrtRule> catalogueTrts() {
        if (catalogue == null) {
            return MeasureTrts.shippedRules();
        }
        try {
            return MeasureTrts.loadRules(catalogue);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--catalogue: " + e.getMessage());
        }
    }

    @SuppressWarnings("try") // the metrics endpoint is a resource only to be closed with the agent
    private int runTcpRig(Region home, String id, Path dir, Map<String, TrtRule> cat, HostPort metricsAddress)
            throws InterruptedException {
        TcpRigPort opened;
        try {
            opened = TcpRigPort.open(TcpRigSettings.defaults(RigAddress.parse(rigUrl), home));
        } catch (IllegalStateException e) {
            System.err.println("pmr agent: --rig " + rigUrl + ": " + e.getMessage());
            return ExitCode.RIG_LINK_FAILED.code();
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TcpRigPort port = opened) {
            boolean every = whole || port.wholeSimulation();
            try (Agent agent = Agent.start(AgentSettings.builder()
                    .agentId(id).region(home).brokerUrl(brokerUrl).dataDir(dir)
                    .kindTrts(CatalogueTrts.measured(cat, every))
                    .publishEvery(DemoRun.PUBLISH_EVERY).resendAfter(resendAfter).maxOutboxMessages(maxOutbox)
                    .security(security.security()).replayFromStart(true).build(), port, scheduler);
                    MetricsEndpoint served = serveMetrics(metricsAddress, agent, id)) {
                agentStarted = true;
                return measure(port, agent, id, home, dir, every);
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    private int measure(TcpRigPort port, Agent agent, String id, Region home, Path dir, boolean every)
            throws InterruptedException {
        // Back-pressure: while the outbox is full the delivery thread waits, so no more frames are read (the rig
        // keeps its journal); the port's clock, and so every verdict, is unchanged by the wait.
        port.start(now -> {
            agent.tick();
            awaitRoom(agent);
        }, () -> { });
        System.out.println("agent " + id + " measuring region " + home + " of the rig at " + rigUrl + ", "
                + (every ? "every kind (whole simulation)" : "the classic kinds"));
        while (!port.awaitEndOfStream(Duration.ofMinutes(1)) && port.failure() == null) {
            System.out.println("agent " + id + ": " + port.delivered() + " frames so far, "
                    + port.reconnects() + " reconnects");
        }
        if (port.failure() != null) {
            System.err.println("agent " + id + ": the rig link failed: " + port.failure());
            agent.flush();
            return ExitCode.RIG_LINK_FAILED.code();
        }
        agent.flush();
        agent.awaitDrained(drainTimeout);
        int left = agent.outboxSize();
        System.out.println("agent " + agent.counters());
        System.out.println("rig link: " + port.delivered() + " frames delivered (" + port.deviceStarts()
                + " per-device starts), " + port.duplicates() + " duplicates dropped, " + port.reconnects()
                + " reconnects, " + port.codecCounters());
        if (left > 0) {
            System.out.println(left + " messages not acknowledged by the collector within " + drainTimeout
                    + "; they stay in " + dir.resolve("outbox") + " and are re-sent at the next start");
            return ExitCode.UNACKNOWLEDGED.code();
        }
        return 0;
    }

    /** --metrics as an address, null when absent. */
    private HostPort metricsAddress() {
        try {
            return metrics == null ? null : HostPort.parse("--metrics", metrics);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The metrics endpoint of --metrics, or null without it (try-with-resources skips a null resource). */
    private MetricsEndpoint serveMetrics(HostPort address, Agent agent, String id) {
        if (address == null) {
            return null;
        }
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(address.host(), address.port(),
                    AgentMetrics.registry(id, AgentMetrics.of(agent)));
        } catch (java.io.UncheckedIOException e) {
            // a busy or unknown address: a usage error, one line; the agent started is closed by the caller's try
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--metrics " + metrics + ": "
                    + e.getMessage());
        }
        System.out.println("agent " + id + " metrics on " + endpoint.url());
        return endpoint;
    }

    private static void awaitRoom(Agent agent) {
        try {
            while (!agent.awaitRoom(Duration.ofSeconds(1))) {
                // the collector is not acknowledging: keep waiting, consuming nothing
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int runTap(Region home, String id, Path dir, KindTrts kindTrts, HostPort metricsAddress)
            throws java.io.IOException, InterruptedException {
        if (pollEvery.isNegative() || pollEvery.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--poll-every must be at least 1ms, was " + pollEvery.toMillis() + "ms");
        }
        AgentSettings settings = AgentSettings.builder().agentId(id).region(home).brokerUrl(brokerUrl).dataDir(dir)
                .kindTrts(kindTrts).publishEvery(publishEvery).resendAfter(resendAfter).security(security.security())
                .build();
        // The checkpoint lives beside the agent's pending.bin: both are written at a graceful stop, so the
        // events waiting for their end and the log lines carrying their ends meet again after a restart.
        TraceTapSettings tapSettings = new TraceTapSettings(tapFile, tapFormat, home, !fromStart)
                .withCheckpoint(dir.resolve("tap.checkpoint"));
        // "Now" decides when a pending event has timed out and when an interval is final: anchored to the wall
        // clock once, then advanced by the monotonic clock, so a step of the wall clock changes no figure.
        // Polling starts last: a start refused before (the --metrics address taken) has read no line.
        TapRunner runner;
        try {
            runner = TapRunner.start(settings, tapSettings,
                    SteadyTimeSource.anchoredNow(Clock.systemUTC(), System::nanoTime), Duration.ZERO);
        } catch (java.nio.file.FileSystemException e) {
            if (e.getFile() != null && Path.of(e.getFile()).startsWith(dir)) { // the checkpoint's folder
                throw new java.io.UncheckedIOException("agent " + id + ": cannot open data dir " + dir + ": "
                        + e.getMessage(), e);
            }
            throw e;
        }
        agentStarted = true;
        MetricsEndpoint served;
        try {
            served = serveMetrics(metricsAddress, runner.agent(), id);
        } catch (RuntimeException e) {
            // Opening the tap and the agent consumed the checkpoint and the pending starts: a graceful close writes
            // them back, so the next start reads every line once and ends still meet their starts. A usage error
            // waits only the default few seconds for acks: what is not acknowledged stays in the outbox.
            runner.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        if (!StopHook.install("pmr-agent-shutdown", () -> {
            if (served != null) {
                served.close();
            }
            runner.close(drainTimeout);
            System.out.println("agent " + runner.agent().counters());
            System.out.println("tap " + runner.tap().counters());
            stopped.countDown();
        })) {
            return ExitCode.STOPPED_WHILE_STARTING.code();
        }
        runner.pollEvery(pollEvery);
        System.out.println("agent " + id + " tailing " + tapFile.toAbsolutePath() + " for region " + home
                + ", publishing to " + brokerUrl + "; stop with Ctrl-C");
        stopped.await();
        return 0;
    }
}
