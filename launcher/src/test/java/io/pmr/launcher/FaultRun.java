package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.report.MonthlyReport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of a fault-injection suite: its folder, its collector process and database, its agent processes (one per
 * region of the shared {@link FaultRig}, or more), Mosquitto when the run needs it, and the end of the run: wait for
 * the agents to exit (0: everything acknowledged), stop the collector, read its and the agents' counters, compute the
 * month from the database in-process and compare it with the rig's ground truth ({@link FaultTally}). On failure the
 * processes' logs are printed and kept in {@code target/fault-runs/}. Not thread-safe: the test thread drives it.
 */
final class FaultRun {
    /** Every run finishes in 30-40 s on 2 shared cores; a run past this has a fault the product did not absorb. */
    static final Duration AGENTS_FINISH = Duration.ofSeconds(60);
    static final Duration FAULT_WAIT = Duration.ofSeconds(60);
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final FaultRig rig;
    private final List<FaultProcess> processes = new ArrayList<>();
    private final Map<String, FaultProcess> agents = new LinkedHashMap<>();
    private Path database;
    private List<String> collectorWrapper = List.of();
    private FaultProcess collector;
    private int collectorPort;
    private long expectedRejections;

    FaultRun(Path dir, FaultRig rig) {
        this.dir = dir;
        this.rig = rig;
        this.database = dir.resolve("pmr.db");
    }

    interface Body {
        void run() throws Exception;
    }

    Path dir() {
        return dir;
    }

    Path database() {
        return database;
    }

    /** Puts the collector's database elsewhere (a small file system the test fills, say). */
    FaultRun database(Path file) {
        this.database = file;
        return this;
    }

    /** Starts the collector under this command prefix (e.g. {@code prlimit --nofile=N:N}). */
    FaultRun collectorWrapper(List<String> wrapper) {
        this.collectorWrapper = List.copyOf(wrapper);
        return this;
    }

    /** The collector quarantines exactly this many messages in the run (the injected hostile ones). */
    FaultRun expectRejections(long count) {
        this.expectedRejections = count;
        return this;
    }

    FaultProcess collector() {
        return collector;
    }

    int collectorPort() {
        return collectorPort;
    }

    Map<String, FaultProcess> agents() {
        return agents;
    }

    /** Runs the body; on failure prints every process's last lines and keeps the logs; always stops what is left. */
    void run(Body body) throws Exception {
        try {
            body.run();
        } catch (Throwable failure) {
            StringBuilder tails = new StringBuilder("fault run failed; process logs in " + dir + ":\n");
            for (FaultProcess process : processes) {
                tails.append(process.tails());
            }
            tails.append(rig.tails());
            System.err.println(tails);
            keepLogs();
            throw failure;
        } finally {
            for (FaultProcess process : processes) {
                if (process.alive()) {
                    process.sigcont(); // a stopped process ignores SIGTERM until continued
                    process.terminate();
                }
            }
        }
    }

    /** Copies the failed run's logs to target/fault-runs/ (the @TempDir is deleted after the test). */
    private void keepLogs() throws IOException {
        Path keep = Path.of("target", "fault-runs", dir.getFileName().toString());
        Files.createDirectories(keep);
        try (Stream<Path> list = Files.list(dir)) {
            for (Path log : list.filter(p -> p.toString().endsWith(".out") || p.toString().endsWith(".err")
                    || p.toString().endsWith(".log")).toList()) {
                Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.err.println("logs kept in " + keep.toAbsolutePath());
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Mosquitto on {@code port}; {@code maxQueued} 0 is unbounded (DESIGN.md's no-loss setting). */
    FaultProcess startMosquitto(int port, int maxQueued) throws IOException {
        assertTrue(Files.isExecutable(MOSQUITTO), "Mosquitto is installed (.ci/run installs it)");
        Path config = dir.resolve("mosquitto.conf");
        Files.write(config, List.of("listener " + port + " 127.0.0.1", "allow_anonymous true",
                "persistence false", "max_inflight_messages 10", "max_queued_messages " + maxQueued,
                "log_dest stderr", "log_type error", "log_type warning", "log_type notice", "log_type information"));
        FaultProcess mosquitto = track(FaultProcess.of("mosquitto", dir, List.of(MOSQUITTO.toString(), "-c",
                config.toString())).logFile(dir.resolve("mosquitto.err")));
        mosquitto.startListening("(Opening ipv4 listen socket on port " + port + ")", Duration.ofSeconds(20));
        return mosquitto;
    }

    /** Kills, signals and stops this process with the run's others (and keeps its log on failure). */
    FaultProcess track(FaultProcess process) {
        if (!processes.contains(process)) {
            processes.add(process);
        }
        return process;
    }

    /** Starts (or restarts) the run's collector on its database; {@code --port 0} unless {@code extra} names one. */
    void startCollector(List<String> extra) {
        List<String> args = new ArrayList<>(List.of("collector", "--db", database.toString()));
        if (extra.stream().noneMatch(a -> a.equals("--port"))) {
            args.addAll(List.of("--port", "0"));
        }
        args.addAll(extra);
        collector = track(FaultProcess.pmr("collector", dir, args, collectorWrapper));
        collectorPort = Integer.parseInt(collector.startListening("collector listening on (?:tcp|ssl)://[^:]+:(\\d+)",
                Duration.ofMinutes(1)));
    }

    /** One agent per region of the rig, each with its own data dir, named by its region. */
    void startAgents(String brokerUrl, List<String> extra) {
        for (String region : FaultRig.REGIONS) {
            startAgent(region, region, brokerUrl, extra);
        }
    }

    /** An agent process {@code agent-NAME} measuring {@code region} of the rig, its data dir {@code NAME}. */
    FaultProcess startAgent(String name, String region, String brokerUrl, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("agent", "--rig", rig.url(), "--region", region,
                "--period", FaultRig.PERIOD.toString(), "--broker", brokerUrl, "--data-dir",
                dir.resolve(name).toString(), "--resend-after", "2s", "--drain-timeout", "3m"));
        args.addAll(extra);
        FaultProcess agent = track(FaultProcess.pmr("agent-" + name, dir, args).start());
        agents.put(name, agent);
        return agent;
    }

    void awaitPublishes(MqttFaultProxy proxy, long atLeast) {
        await().atMost(FAULT_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> proxy.publishesForwarded() >= atLeast);
    }

    /** Envelopes waiting in the outboxes of every agent of the run. */
    long outboxFiles() throws IOException {
        long files = 0;
        for (String name : agents.keySet()) {
            Path outbox = dir.resolve(name).resolve("outbox");
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> list = Files.list(outbox)) {
                    files += list.filter(p -> p.getFileName().toString().endsWith(".env")).count();
                }
            }
        }
        return files;
    }

    /**
     * Waits for every agent to exit, stops the collector (SIGTERM: it prints its counters), and compares the month
     * computed from the database with the rig's truth.
     */
    Outcome finish() throws Exception {
        List<String> unfinished = new ArrayList<>();
        for (FaultProcess agent : agents.values()) {
            int exit = agent.awaitExit(AGENTS_FINISH);
            if (exit != 0) {
                unfinished.add(agent.name() + (exit < 0 ? " still running after " + AGENTS_FINISH : " exited " + exit));
                agent.terminate();
            }
        }
        long outboxLeft = outboxFiles();
        collector.sigcont();
        collector.terminate();
        Matcher counters = Pattern.compile("collector stopped: IngestCounters\\[received=(\\d+), stored=(\\d+), "
                + "duplicates=(\\d+), rejected=(\\d+)").matcher(collector.stdout());
        long duplicates = 0;
        long rejected = 0;
        while (counters.find()) {
            duplicates += Long.parseLong(counters.group(3));
            rejected += Long.parseLong(counters.group(4));
        }
        assertEquals(expectedRejections, rejected, "the collector rejected only the injected hostile messages");
        Matcher restarts = Pattern.compile("collector stopped: .*, broker restarts (\\d+)").matcher(collector.stdout());
        long brokerRestarts = 0;
        while (restarts.find()) {
            brokerRestarts += Long.parseLong(restarts.group(1));
        }
        return new Outcome(tally(), agentCounter("resends"), duplicates, agentCounter("outboxFull"),
                agentCounter("outboxSetAside"), unfinished, outboxLeft, brokerRestarts);
    }

    /** The month computed in-process from the run's database, against the rig's truth. */
    FaultTally tally() {
        return FaultTally.of(rig.truth(), report());
    }

    /** The month computed in-process from the run's database (a collector started on it, no ingest). */
    MonthlyReport report() {
        try (Collector reader = Collector.start(CollectorSettings.builder().embeddedPort(0)
                .databasePath(database).build())) {
            return reader.report(FaultRig.PERIOD);
        }
    }

    /** The sum over every collector start's final counters line (printed at SIGTERM) of one ingest counter. */
    long collectorCounter(String name) {
        Matcher matcher = Pattern.compile("collector stopped: IngestCounters\\[.*\\b" + name + "=(\\d+)[,\\]]")
                .matcher(collector.stdout());
        long sum = 0;
        while (matcher.find()) {
            sum += Long.parseLong(matcher.group(1));
        }
        return sum;
    }

    /** The sum over every agent process's final counters line (each start prints one) of one counter. */
    long agentCounter(String name) {
        Pattern pattern = Pattern.compile("agent AgentCounters\\[.*\\b" + name + "=(\\d+)[,\\]]");
        long sum = 0;
        for (FaultProcess agent : agents.values()) {
            Matcher matcher = pattern.matcher(agent.stdout());
            while (matcher.find()) {
                sum += Long.parseLong(matcher.group(1));
            }
        }
        return sum;
    }

    /** Runs {@code pmr collector report --format json} on the run's database; asserts exit 0; its stdout. */
    String reportExits0() throws Exception {
        FaultProcess report = track(FaultProcess.pmr("report", dir, List.of("collector", "report", "--db",
                database.toString(), "--period", FaultRig.PERIOD.toString(), "--format", "json")));
        int from = report.stdout().length();
        report.start();
        assertEquals(0, report.awaitExit(Duration.ofMinutes(2)), "pmr collector report exits 0: " + report.stderr());
        return report.stdout().substring(from);
    }

    /** The single number a SQL query over a database file answers (read-only use, the collector stopped or not). */
    static long sqlCount(Path db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void row(FaultTable table, String fault, String run, String affected, Outcome outcome) {
        if (!outcome.unfinished().isEmpty()) {
            affected += "; NOT FINISHED: " + String.join(", ", outcome.unfinished()) + ", " + outcome.outboxLeft()
                    + " envelopes never acknowledged";
        }
        table.add(new FaultTable.Row(fault, run, affected, outcome.tally().lost(), outcome.tally().countedTwice(),
                outcome.tally().mismatches().isEmpty()));
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    /** @param brokerRestarts restarts of the embedded broker by its watchdog (a Moquette session loop died) */
    record Outcome(FaultTally tally, long agentResends, long collectorDuplicates, long outboxFull, long setAside,
            List<String> unfinished, long outboxLeft, long brokerRestarts) {
        void assertFinished() {
            assertEquals(List.of(), unfinished, "every agent exits 0 with everything acknowledged; " + outboxLeft
                    + " envelopes were still in the outboxes");
        }

        void assertExact() {
            assertFinished();
            assertTrue(tally.measuresCompared() >= 10, "both regions' measures and the composites: "
                    + tally.measuresCompared());
            assertEquals(List.of(), tally.mismatches(), "every measure equals the truth; lost " + tally.lost()
                    + " events, counted twice " + tally.countedTwice());
        }
    }
}
