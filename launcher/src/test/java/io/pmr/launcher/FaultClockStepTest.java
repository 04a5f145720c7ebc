package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault case 7: the agent process's wall clock stepped an hour forward, back, and an hour behind, mid-run, with
 * libfaketime ({@code LD_PRELOAD}, a timestamp file re-read at every call, the monotonic clock left alone): only the
 * agent's {@code CLOCK_REALTIME} moves; the collector and the test keep the true time. Each run compares the
 * collector's figures with the known truth exactly and adds a row to {@code target/fault-suite-clock.md} (the fault
 * suite's table for this case; docs/reliability.md, "Fault injection").
 *
 * <p>The tap run writes a trace log live with known events, some of whose ends come seconds after their starts and
 * after a step, and one that is never answered; its truth is computed here from the timestamps written. The rig run
 * measures a month of a {@code pmr rig} process over TCP and compares with the rig's ground truth.
 */
class FaultClockStepTest {
    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final Duration RTT4_TRT = Duration.ofSeconds(25);
    private static final Duration CAT3_TRT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final YearMonth PERIOD = YearMonth.of(2020, 9);
    private static final FaultTable TABLE = new FaultTable();

    @TempDir
    Path dir;

    private final List<FaultProcess> processes = new ArrayList<>();
    private FaultProcess collector;
    private String brokerUrl;
    private Path offsetFile;
    private final List<String> stalls = new ArrayList<>();

    @AfterAll
    static void writeTheTable() throws IOException {
        Path file = Path.of("target", "fault-suite-clock.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# Fault-injection suite, case 7 (FaultClockStepTest)\n\n" + TABLE.markdown(),
                StandardCharsets.UTF_8);
        System.out.println("fault case 7 (target/fault-suite-clock.md):\n" + TABLE.markdown());
    }

    /** A gateway's trace log tailed live by {@code pmr agent --tap} while its wall clock steps +1 h, -1 h, -1 h. */
    @Test
    void aTapAgentsWallClockSteppedBothWaysChangesNoFigure() throws Exception {
        run(() -> {
            startCollector();
            Path log = dir.resolve("gateway.csv");
            Files.writeString(log, "message_id,direction,kind,device,region,timestamp,success\n");
            FaultProcess agent = stepped(FaultProcess.pmr("agent-tap", dir, List.of("agent", "--tap", log.toString(),
                    "--from-start", "--region", "north", "--id", "gateway-north", "--broker", brokerUrl,
                    "--data-dir", dir.resolve("agent").toString(), "--poll-every", "100ms", "--publish-every", "1s",
                    "--resend-after", "2s", "--drain-timeout", "60s"))).start();
            agent.awaitStdout("(tailing)", 0, WAIT);
            TraceTruth truth = new TraceTruth(log);

            // Before the first step: f1 (RTT4) and f2 (CAT3) start; q1 ends at once.
            Instant t0 = Instant.now();
            truth.start("f1", "RTT4", t0).start("f2", "CAT3_ALERT", t0).start("q1", "RTT4", t0)
                    .end("q1", t0.plusMillis(400), true);
            step(agent, "+3600", 3_600);
            // b1 starts while the clock is an hour ahead; its end comes after the step back.
            Instant t1 = Instant.now();
            truth.start("b1", "RTT4", t1).end("f1", t1, true).end("f2", t1, false);
            step(agent, "+0", -3_600);
            // c1 starts while the clock is right; u1 is never answered (timed out 25 s after its start).
            Instant t2 = Instant.now();
            truth.end("b1", t2, true).start("c1", "CAT3_ALERT", t2).start("u1", "RTT4", t2);
            step(agent, "-3600", -3_600);
            Instant t3 = Instant.now();
            truth.end("c1", t3, true);

            // The agent's own "now" (the created time of its envelopes) passing u1's deadline: then it is final.
            long u1DeadlineMillis = t2.plus(RTT4_TRT).toEpochMilli();
            long since = System.currentTimeMillis();
            boolean timedOut = awaitQuietly(() -> envelopes("gateway-north", since, u1DeadlineMillis + 1_000) >= 1);
            agent.terminate();
            collector.terminate();
            Map<String, long[]> counted = truth.counted(this::report);
            List<String> mismatches = truth.mismatches(counted);
            long[] lostAndTwice = truth.lostAndTwice(counted);
            TABLE.add(new FaultTable.Row("7a. `pmr agent --tap`: wall clock of the agent process stepped +1 h, -1 h, "
                    + "-1 h (libfaketime) while events wait for their end", "F",
                    truth.events() + " events, " + truth.spanning() + " of them waiting for their end across a step; "
                            + (agent.stderr().split("wall clock moved", -1).length - 1) + " steps logged by the agent"
                            + (stalls.isEmpty() ? "" : "; " + String.join("; ", stalls))
                            + (mismatches.isEmpty() ? "" : "; " + String.join("; ", mismatches))
                            + (timedOut ? "" : "; NOT FINISHED: the agent's clock never passed u1's deadline"),
                    lostAndTwice[0], lostAndTwice[1], mismatches.isEmpty()));
            assertEquals(List.of(), stalls, "the agent published after every step");
            assertTrue(timedOut, "the agent's clock passed the unanswered event's deadline within " + WAIT);
            assertTrue(agent.stdout().contains("agent AgentCounters["), "graceful stop printed the counters");
            assertEquals(0, outboxFiles(dir.resolve("agent")), "everything acknowledged");
            assertEquals(List.of(), mismatches, "every figure equals the truth written to the log");
        });
    }

    /** An agent on {@code pmr rig} over TCP (events carry the rig's time) while its wall clock steps +1 h, then -1 h behind. */
    @Test
    void aRigAgentsWallClockSteppedBothWaysChangesNoFigure() throws Exception {
        run(() -> {
            FaultProcess rig = FaultProcess.pmr("rig", dir, List.of("rig", "--listen", "127.0.0.1:0", "--period",
                    PERIOD.toString(), "--seed", "7", "--hubs", "30", "--regions", "north", "--truth",
                    dir.resolve("truth.json").toString()));
            processes.add(rig);
            rig.start();
            String rigPort = rig.awaitStdout("rig listening on [^:]+:(\\d+)", 0, Duration.ofMinutes(2));
            GroundTruthFile truth = GroundTruthFile.read(dir.resolve("truth.json"));
            startCollector();
            FaultProcess agent = stepped(FaultProcess.pmr("agent-rig", dir, List.of("agent", "--rig",
                    "tcp://127.0.0.1:" + rigPort, "--region", "north", "--period", PERIOD.toString(), "--broker",
                    brokerUrl, "--data-dir", dir.resolve("agent").toString(), "--resend-after", "2s",
                    "--drain-timeout", "3m"))).start();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> envelopes("agent-north", 0, Long.MIN_VALUE) >= 20);
            long atForward = setOffset("+3600", "agent-north");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> envelopes("agent-north", 0, Long.MIN_VALUE) >= atForward + 20);
            long atBack = setOffset("-3600", "agent-north");
            int exit = agent.awaitExit(Duration.ofMinutes(3));
            long total = envelopes("agent-north", 0, Long.MIN_VALUE);
            collector.terminate();
            FaultTally tally = FaultTally.of(truth, report(PERIOD));
            TABLE.add(new FaultTable.Row("7b. `pmr agent --rig tcp://`: wall clock of the agent process stepped +1 h, "
                    + "then to -1 h (libfaketime) mid-month", "G", total + " envelopes: " + atForward
                    + " before the forward step, " + (atBack - atForward) + " between the steps, " + (total - atBack)
                    + " after; agent exit " + exit, tally.lost(), tally.countedTwice(), tally.mismatches().isEmpty()));
            assertEquals(0, exit, "the agent exits 0: the collector acknowledged everything");
            assertTrue(total > atBack, "the agent still published after the last step: the steps came mid-run");
            assertTrue(tally.measuresCompared() >= 5, "the region's measures: " + tally.measuresCompared());
            assertEquals(List.of(), tally.mismatches(), "every measure equals the rig's ground truth");
        });
    }

    // ---- the run's machinery

    private interface Body {
        void run() throws Exception;
    }

    private void run(Body body) throws Exception {
        assertTrue(Files.exists(LIBFAKETIME), LIBFAKETIME + " exists (.ci/run installs Debian's faketime)");
        offsetFile = dir.resolve("agent.faketime");
        Files.writeString(offsetFile, "+0\n");
        try {
            body.run();
        } catch (Throwable failure) {
            StringBuilder tails = new StringBuilder("clock-step run failed; process logs in " + dir + ":\n");
            for (FaultProcess process : processes) {
                tails.append(process.tails());
            }
            System.err.println(tails);
            throw failure;
        } finally {
            for (FaultProcess process : processes) {
                process.terminate();
            }
        }
    }

    /**
     * The process under libfaketime: its wall clock is true time plus the offset in {@link #offsetFile}, read at
     * every call ({@code FAKETIME_NO_CACHE}); {@code CLOCK_MONOTONIC} is not faked. {@code FAKETIME_FORCE_MONOTONIC_FIX=0}:
     * with the fix on (the default for this glibc), every timed wait of the JVM (park, wait, sleep) returned at
     * once, measured here, and the JVM spun.
     */
    private FaultProcess stepped(FaultProcess process) {
        processes.add(process);
        return process.environment(Map.of("LD_PRELOAD", LIBFAKETIME.toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(), "FAKETIME_NO_CACHE", "1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
    }

    /**
     * Sets the agent's clock offset (atomically: libfaketime never reads half a file), waits for the agent's
     * WARN line naming the step (proof that the process's clock moved), then for two more of its envelopes stored
     * by the collector (two ticks and publishes under the stepped clock). A stall of the agent's publishing (no
     * envelope within {@link #WAIT}) is noted in {@link #stalls} and the run goes on, so it still reports figures.
     */
    private void step(FaultProcess agent, String offset, long expectedStepSeconds) throws IOException {
        int from = agent.stderr().length();
        long stored = setOffset(offset, "gateway-north");
        Pattern moved = Pattern.compile("wall clock moved ([+-]\\d+)\\.\\d+ s");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Matcher line = moved.matcher(agent.stderr().substring(from));
            return line.find() && Math.abs(Long.parseLong(line.group(1)) - expectedStepSeconds) <= 5;
        });
        if (!awaitQuietly(() -> envelopes("gateway-north", 0, Long.MIN_VALUE) >= stored + 2)) {
            stalls.add("no envelope published for " + WAIT.toSeconds() + " s after the step to " + offset);
        }
    }

    /** Writes the new offset atomically; returns the envelopes of {@code agentId} stored just before. */
    private long setOffset(String offset, String agentId) throws IOException {
        long stored = envelopes(agentId, 0, Long.MIN_VALUE);
        Path next = offsetFile.resolveSibling("agent.faketime.next");
        Files.writeString(next, offset + "\n");
        Files.move(next, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return stored;
    }

    private void startCollector() {
        collector = FaultProcess.pmr("collector", dir, List.of("collector", "--db", dir.resolve("pmr.db").toString(),
                "--port", "0"));
        processes.add(collector);
        collector.start();
        brokerUrl = "tcp://127.0.0.1:" + collector.awaitStdout("collector listening on tcp://[^:]+:(\\d+)", 0,
                Duration.ofMinutes(1));
    }

    /** Envelopes of {@code agentId} the collector stored, received after {@code receivedAfterMillis} (its clock) and created after {@code createdAfterMillis} (the agent's). */
    private long envelopes(String agentId, long receivedAfterMillis, long createdAfterMillis) {
        Path db = dir.resolve("pmr.db");
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM envelope WHERE agent_id = ?"
                     + " AND received_epoch_millis > ? AND created_epoch_millis > ?")) {
            query.setString(1, agentId);
            query.setLong(2, receivedAfterMillis);
            query.setLong(3, createdAfterMillis);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return 0; // not created yet, or busy: the next poll asks again
        }
    }

    /** Waits up to {@link #WAIT}; false instead of an exception, so a failed run still reports its figures. */
    private static boolean awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private MonthlyReport report(YearMonth period) {
        try (Collector reader = Collector.start(CollectorSettings.builder().embeddedPort(0)
                .databasePath(dir.resolve("pmr.db")).build())) {
            return reader.report(period);
        }
    }

    private static long outboxFiles(Path dataDir) throws IOException {
        Path outbox = dataDir.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(outbox)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".env")).count();
        }
    }

    /**
     * The trace log the test writes and the figures it implies: per (report month, measure) the events started
     * and those within TRT (a success with latency at most the TRT); an unanswered event is outside.
     */
    private static final class TraceTruth {
        private final Path log;
        private final Map<String, Instant> starts = new TreeMap<>();
        private final Map<String, String> kinds = new TreeMap<>();
        private final Map<String, Boolean> within = new TreeMap<>();
        private final List<String> stepsSeen = new ArrayList<>();

        TraceTruth(Path log) {
            this.log = log;
        }

        TraceTruth start(String id, String kind, Instant at) throws IOException {
            starts.put(id, at);
            kinds.put(id, kind);
            within.put(id, false);
            append(id + ",start," + kind + ",hub-" + id + ",north," + at + ",");
            return this;
        }

        TraceTruth end(String id, Instant at, boolean success) throws IOException {
            Duration trt = kinds.get(id).equals("RTT4") ? RTT4_TRT : CAT3_TRT;
            Duration latency = Duration.between(starts.get(id), at);
            within.put(id, success && latency.compareTo(trt) <= 0);
            if (latency.isNegative()) {
                throw new IllegalStateException("end before start: " + id);
            }
            append(id + ",end," + kinds.get(id) + ",hub-" + id + ",north," + at + "," + success);
            stepsSeen.add(id);
            return this;
        }

        int events() {
            return starts.size();
        }

        /** Events whose end came after at least one step (all but q1 and the unanswered u1). */
        int spanning() {
            return (int) stepsSeen.stream().filter(id -> !id.equals("q1")).count();
        }

        private void append(String line) throws IOException {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }

        private Map<String, long[]> expected() {
            Map<String, long[]> figures = new TreeMap<>();
            for (Map.Entry<String, Instant> start : starts.entrySet()) {
                String measure = kinds.get(start.getKey()).equals("RTT4") ? "CSPN/PM4.3" : "CSPN/PM3.2";
                YearMonth period = YearMonth.from(start.getValue().atZone(LONDON));
                long[] figure = figures.computeIfAbsent(period + " " + measure, k -> new long[2]);
                figure[0] += within.get(start.getKey()) ? 1 : 0;
                figure[1]++;
            }
            return figures;
        }

        /** The report's numerator and denominator for every (period, measure) the truth has. */
        Map<String, long[]> counted(java.util.function.Function<YearMonth, MonthlyReport> reports) {
            Map<String, long[]> figures = new TreeMap<>();
            Map<YearMonth, MonthlyReport> byPeriod = new TreeMap<>();
            for (String key : expected().keySet()) {
                YearMonth period = YearMonth.parse(key.substring(0, 7));
                MonthlyReport report = byPeriod.computeIfAbsent(period, reports);
                String measure = key.substring(8);
                MeasureFigure figure = report.measures().stream().filter(f -> f.id().equals(measure)).findFirst()
                        .orElse(null);
                figures.put(key, figure == null ? new long[2] : new long[] {figure.numerator(), figure.denominator()});
            }
            return figures;
        }

        List<String> mismatches(Map<String, long[]> counted) {
            List<String> mismatches = new ArrayList<>();
            expected().forEach((key, truth) -> {
                long[] got = counted.get(key);
                if (got[0] != truth[0] || got[1] != truth[1]) {
                    mismatches.add(key + ": report " + got[0] + "/" + got[1] + ", truth " + truth[0] + "/" + truth[1]);
                }
            });
            return mismatches;
        }

        /** Events lost (truth minus counted denominators, where positive) and counted twice. */
        long[] lostAndTwice(Map<String, long[]> counted) {
            long[] result = new long[2];
            expected().forEach((key, truth) -> {
                long got = counted.get(key)[1];
                result[0] += Math.max(0, truth[1] - got);
                result[1] += Math.max(0, got - truth[1]);
            });
            return result;
        }
    }
}
