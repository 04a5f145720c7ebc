package io.pmr.launcher;

import io.pmr.testkit.PostgresCluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several collectors on one stream and one store (issue 15), as real processes on loopback: one Mosquitto 2.0, one
 * PostgreSQL database (the testkit's throw-away cluster), {@code pmr collector --broker-url ... --shared scaleout
 * --db postgresql://...} processes, and three {@code pmr agent --rig} processes measuring the regions north, central
 * and south of one {@code pmr rig} (30 hubs, September 2020, seed 7). The first run has three collectors in the group;
 * mid-month one is killed with -9 and, later, a fourth joins. The second has two and stops and starts Mosquitto on its
 * port mid-month (every session and message in flight gone; the collectors join the group again). A run is over when
 * every agent exits 0, which it does only once every envelope it wrote has been acknowledged by a collector, after
 * that collector's commit.
 *
 * <p>Each run asserts, from the one shared store:
 * <ul>
 *   <li><b>every figure is exact</b>: the report.json printed by {@code pmr collector report --db postgresql://...}
 *       equals the rig's ground truth measure by measure ({@link ReportJsonOracle}: lost 0, counted twice 0);</li>
 *   <li><b>it is the single-collector month</b>: that report.json is byte-identical, apart from its computed-at fields,
 *       to the one of a run of the same rig by one collector alone (not shared, its own Mosquitto, its SQLite file:
 *       the default store), whose own figures equal the truth too; that run starts with the class and measures the rig
 *       beside the first shared run, and is the same-run baseline of the re-sends and duplicates in the table;</li>
 *   <li><b>nothing is lost, nothing stored twice</b>: the store holds each envelope key once, and per agent exactly the
 *       envelopes it wrote (its {@code envelopesWritten} counter, logged at close), plus at most its last will (the
 *       status under its boot's first key, published by the broker when its connection went without a DISCONNECT,
 *       never in its outbox); every agent's outbox was acknowledged (acked equals written; exit 0); no collector
 *       rejected a message or met a key again with other content;</li>
 *   <li><b>the load splits</b>: every collector, the killed one and the one joining mid-month included, stored a
 *       share. A collector stopped with SIGTERM prints what it stored; the killed one's share is the rest of the
 *       store (every stored envelope was stored by exactly one collector: the key makes a second copy a duplicate).</li>
 * </ul>
 * The table is written to {@code target/scale-out.md} (docs/reliability.md, "Several collectors on one stream").
 */
class ScaleOutTest {
    private static final List<String> REGIONS = List.of("north", "central", "south");
    private static final String GROUP = "scaleout";
    private static final StringBuilder TABLE = new StringBuilder();
    private static final Pattern STOPPED = Pattern.compile("collector stopped: IngestCounters\\[received=(\\d+),"
            + " stored=(\\d+), duplicates=(\\d+), rejected=(\\d+),.*\\bconflicts=(\\d+),.*\\bstoreFailures=(\\d+),");

    @TempDir
    static Path shared;
    private static FaultRig rig;
    private static SharedStore.Server postgres;
    private static FaultRun single;
    private static String singleCollectorReport;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheRigAndTheDatabaseServer() throws Exception {
        rig = FaultRig.start(shared, 30, 7, REGIONS);
        postgres = SharedStore.Server.of(PostgresCluster.shared(), shared);
        // the single-collector run measures the rig beside the first shared run (its own broker: same agent ids)
        single = new FaultRun(Files.createDirectories(shared.resolve("single-collector")), rig);
        int port = FaultRun.freePort();
        single.startMosquitto(port, 0);
        single.startCollector(List.of("--broker-url", "tcp://127.0.0.1:" + port));
        for (String region : REGIONS) {
            single.startAgent(region, region, "tcp://127.0.0.1:" + port, List.of());
        }
    }

    @AfterAll
    static void writeTheTable() throws Exception {
        if (single != null) {
            single.run(() -> { }); // stops what is left of the single-collector run
        }
        FaultRig.stop(rig);
        Path file = Path.of("target", "scale-out.md");
        Files.createDirectories(file.getParent());
        String text = "# Scale-out (ScaleOutTest): collectors `--shared` on one PostgreSQL store\n\n"
                + "| run | shares stored (envelopes per collector) | written by agents | envelopes in the store"
                + " | lost | counted twice | duplicates caught by the key | batches written again | agent re-sends"
                + " | figures |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
                + TABLE;
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println(text);
    }

    /** A collector of the group. */
    private record Member(String name, FaultProcess process) {
    }

    @Test
    void threeCollectorsShareTheStreamOneKilledMidMonthAFourthJoinsAndTheMonthIsExact() throws Exception {
        SharedStore store = postgres.newDatabase();
        FaultRun run = new FaultRun(dir, rig);
        run.run(() -> {
            int port = FaultRun.freePort();
            run.startMosquitto(port, 0);
            String broker = "tcp://127.0.0.1:" + port;
            List<Member> collectors = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                collectors.add(startCollector(run, store, broker, i));
            }
            for (String region : REGIONS) {
                run.startAgent(region, region, broker, List.of());
            }

            awaitStored(store, 150);
            Member killed = collectors.get(1);
            killed.process().kill9();
            long storedAtKill = store.envelopes();
            awaitStored(store, storedAtKill + 150); // two collectors carry the stream
            long joinedAfter = store.envelopes();
            collectors.add(startCollector(run, store, broker, 4));

            finish(run, store, collectors, "3 collectors `--shared`, kill -9 of one mid-month, a 4th joins", Map.of(
                    killed.name(), " (killed after " + storedAtKill + " stored in all)",
                    "collector-4", " (joined after " + joinedAfter + ")"));
        });
    }

    @Test
    void twoCollectorsShareTheStreamAcrossARestartOfTheBrokerAndTheMonthIsExact() throws Exception {
        SharedStore store = postgres.newDatabase();
        FaultRun run = new FaultRun(dir, rig);
        run.run(() -> {
            int port = FaultRun.freePort();
            FaultProcess mosquitto = run.startMosquitto(port, 0);
            String broker = "tcp://127.0.0.1:" + port;
            List<Member> collectors = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                collectors.add(startCollector(run, store, broker, i));
            }
            for (String region : REGIONS) {
                run.startAgent(region, region, broker, List.of());
            }

            awaitStored(store, 150);
            mosquitto.terminate(); // every session and every message in flight is gone with it
            long storedAtRestart = store.envelopes();
            mosquitto.startListening("(Opening ipv4 listen socket on port " + port + ")", Duration.ofSeconds(20));
            awaitStored(store, storedAtRestart + 150); // both collectors joined the group again

            finish(run, store, collectors, "2 collectors `--shared`, Mosquitto stopped and started on its port"
                    + " mid-month", Map.of("collector-1", " (the broker restarted after " + storedAtRestart
                    + " stored in all)"));
        });
    }

    /**
     * Waits for every agent to exit 0, stops the live collectors, and asserts the store, the shares and the month (see
     * the class comment); adds the run's row to the table.
     */
    private void finish(FaultRun run, SharedStore store, List<Member> collectors, String label,
            Map<String, String> notes) throws Exception {
        for (FaultProcess agent : run.agents().values()) {
            assertEquals(0, agent.awaitExit(FaultRun.AGENTS_FINISH), agent.name() + " exits 0 once everything it"
                    + " wrote was acknowledged");
        }
        Map<String, Long> shares = new LinkedHashMap<>();
        long duplicates = 0;
        long storeFailures = 0;
        String killed = null;
        for (Member member : collectors) {
            if (!member.process().alive()) {
                assertNull(killed, "one collector was killed");
                killed = member.name();
                continue;
            }
            member.process().terminate();
            Matcher counters = STOPPED.matcher(member.process().stdout());
            assertTrue(counters.find(), member.name() + " printed its counters when stopped");
            shares.put(member.name(), Long.parseLong(counters.group(2)));
            duplicates += Long.parseLong(counters.group(3));
            storeFailures += Long.parseLong(counters.group(6));
            assertEquals(0, Long.parseLong(counters.group(4)), member.name() + " rejected no message");
            assertEquals(0, Long.parseLong(counters.group(5)), member.name() + ": no key came with other content");
        }

        SharedStore.Contents contents = store.contents();
        assertEquals(contents.keys().size(), contents.rows(), "no envelope key is stored twice");
        if (killed != null) {
            // every stored envelope was committed by exactly one collector: the killed one's share is the rest
            shares.put(killed, contents.rows() - shares.values().stream().mapToLong(Long::longValue).sum());
        }
        StringBuilder printed = new StringBuilder();
        for (Member member : collectors) {
            printed.append(printed.length() == 0 ? "" : ", ").append(member.name()).append(' ')
                    .append(shares.get(member.name())).append(notes.getOrDefault(member.name(), ""));
        }
        System.out.println(label + ": shares stored " + printed);
        for (Map.Entry<String, Long> share : shares.entrySet()) {
            assertTrue(share.getValue() > 0, share.getKey() + " stored a share: " + printed);
        }

        AgentLedger ledger = AgentLedger.check(run, contents, REGIONS.size());
        assertEquals(0, run.agentCounter("ackRangesIgnored"), "no collector's Ack looked forged to an agent (every"
                + " range it lists is one the agent published)");

        String report = store.report(run);
        FaultTally tally = ReportJsonOracle.tally(rig.truth(), report);
        String alone = singleCollectorReport();
        String difference = ReportJsonOracle.firstDifference(ReportJsonOracle.withoutComputedAt(alone),
                ReportJsonOracle.withoutComputedAt(report));
        TABLE.append("| ").append(label).append(" | ").append(printed).append(" | ").append(ledger.written())
                .append(" | ").append(contents.rows())
                .append(ledger.wills() == 0 ? "" : " (" + ledger.wills() + " of them agents' last wills)")
                .append(" | ").append(tally.lost()).append(" | ").append(tally.countedTwice()).append(" | ")
                .append(duplicates).append(" | ").append(storeFailures).append(" | ")
                .append(run.agentCounter("resends")).append(" | ")
                .append(tally.mismatches().isEmpty() ? tally.measuresCompared() + " measures equal the truth"
                        : tally.mismatches().size() + " of " + tally.measuresCompared() + " differ from the truth")
                .append(difference == null ? "; report.json identical to one collector's" : "; report.json differs")
                .append(" |\n");
        assertTrue(tally.measuresCompared() >= 15, "three regions' measures: " + tally.measuresCompared());
        assertEquals(List.of(), tally.mismatches(), "every figure of report.json equals the truth; lost "
                + tally.lost() + " events, counted twice " + tally.countedTwice());
        assertNull(difference, "report.json from the shared store is the single collector's, apart from computed-at");
    }

    /**
     * report.json of the same rig measured by one collector alone ({@code --broker-url}, not shared, a SQLite file:
     * the default store), started with the class; its figures are asserted equal to the truth first. Finished once,
     * by the first test that needs it.
     */
    private static synchronized String singleCollectorReport() throws Exception {
        if (singleCollectorReport == null) {
            single.run(() -> {
                FaultRun.Outcome outcome = single.finish();
                outcome.assertExact();
                String report = single.reportExits0();
                FaultTally tally = ReportJsonOracle.tally(rig.truth(), report);
                assertEquals(List.of(), tally.mismatches(), "the single collector's report.json equals the truth");
                singleCollectorReport = report;
                // the baseline of the same run for the re-sends and duplicates of the shared runs (same machine load)
                TABLE.append("| 1 collector alone (not shared, SQLite), beside the first run | collector ")
                        .append(single.collectorCounter("stored")).append(" | ").append(AgentLedger.writtenAtClose(
                                single)).append(" | ").append(single.collectorCounter("stored"))
                        .append(" | ").append(tally.lost()).append(" | ").append(tally.countedTwice()).append(" | ")
                        .append(outcome.collectorDuplicates()).append(" | ")
                        .append(single.collectorCounter("storeFailures")).append(" | ")
                        .append(outcome.agentResends()).append(" | ").append(tally.measuresCompared())
                        .append(" measures equal the truth |\n");
            });
        }
        return singleCollectorReport;
    }

    private static Member startCollector(FaultRun run, SharedStore store, String broker, int number) {
        String name = "collector-" + number;
        List<String> args = new ArrayList<>(List.of("collector", "--broker-url", broker, "--shared", GROUP,
                "--client-id", name));
        args.addAll(store.arguments());
        FaultProcess process = run.track(FaultProcess.pmr(name, run.dir(), args).start());
        process.awaitStdout("collector listening on .*sharing the stream in group (" + GROUP + ")", 0,
                Duration.ofMinutes(1));
        return new Member(name, process);
    }

    private static void awaitStored(SharedStore store, long atLeast) {
        await().atMost(FaultRun.FAULT_WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> store.envelopes() >= atLeast);
    }
}
