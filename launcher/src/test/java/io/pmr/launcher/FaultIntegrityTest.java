package io.pmr.launcher;

import io.pmr.agent.publish.MqttSecurity;
import io.pmr.collector.security.CredentialsFile;
import io.pmr.proto.v1.Envelope;
import io.pmr.testkit.HeldConnections;
import io.pmr.testkit.IncidentsFile;
import io.pmr.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault table's integrity rows (issue 12: careless and hostile input), over the real processes as in
 * {@link FaultSuiteTest}: one shared {@code pmr rig}, and per run a {@code pmr collector} process, {@code pmr agent
 * --rig} processes and, where the run needs to count packets, an {@link MqttFaultProxy}. Hostile MQTT clients, forged
 * acks, a second collector, a full disk, slow HTTP clients, a killed import and a damaged database file are injected
 * into one run (H) where they do not interfere; a reinstalled agent (I) and two live agents under one id on a secured
 * broker (J) have runs of their own. Each row's figures are compared with the rig's ground truth exactly, and
 * {@code pmr collector report} must exit 0 on the run's database. The table goes to
 * {@code target/fault-suite-integrity.md}; docs/reliability.md, "Fault injection", holds the last run's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIntegrityTest {
    private static final FaultTable TABLE = new FaultTable();
    /** The collector's file limit (prlimit) in run H, and its HTTP connection cap, well under it. */
    private static final int FILE_LIMIT = 1024;
    private static final int HTTP_CAP = 640;
    private static final int HELD = HTTP_CAP - 40;
    private static final int OVER_THE_LIMIT = FILE_LIMIT + 200;
    private static final int IMPORT_ROWS = 250_000;
    private static final String CLONE = "gateway-clone";
    private static final String CLONE_PASSWORD = "clone-pw-4e1b";
    private static final String OTHER = "agent-south";
    private static final String OTHER_PASSWORD = "south-pw-77d0";

    @TempDir
    static Path shared;

    private static FaultRig rig;

    @TempDir
    Path dir;

    private FaultRun run;

    @BeforeAll
    static void startTheRig() throws IOException {
        rig = FaultRig.start(shared, 24, 7);
    }

    @AfterAll
    static void writeTheTable() throws Exception {
        if (rig != null) {
            rig.stop();
        }
        TABLE.write(Path.of("target", "fault-suite-integrity.md"), "Fault-injection suite, integrity (FaultIntegrityTest)");
        System.out.println("fault-injection suite, integrity (target/fault-suite-integrity.md):\n" + TABLE.markdown());
    }

    @BeforeEach
    void newRun() {
        run = new FaultRun(dir, rig);
    }

    /**
     * Run H: a second collector on the database; a conflicting copy of a stored key, a watermark of 2^63-1 and forged
     * acks from an anonymous client; slow HTTP clients past the file limit; the database's disk filled mid-ingest;
     * then, collector stopped, a killed import and a damaged copy of the database.
     */
    @Test
    @Order(1)
    void hostileClientsAFullDiskAndSlowHttpClientsChangeNoFigure() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "mounting a small tmpfs needs root (CI runs as root)");
        Path disk = Files.createDirectories(dir.resolve("disk"));
        assertEquals(0, exec("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", disk.toString()), "mount " + disk);
        try {
            run.database(disk.resolve("pmr.db")).expectRejections(1)
                    .collectorWrapper(List.of("prlimit", "--nofile=" + FILE_LIMIT + ":" + FILE_LIMIT));
            run.run(() -> runH(disk));
        } finally {
            exec("umount", "-l", disk.toString());
        }
    }

    private void runH(Path disk) throws Exception {
        run.startCollector(List.of("--http", "127.0.0.1:0", "--http-max-connections", Integer.toString(HTTP_CAP),
                "--http-request-timeout-seconds", "5", "--http-idle-timeout-seconds", "5"));
        String api = run.collector().awaitStdout("HTTP API on (\\S+) ", 0, Duration.ofSeconds(30));
        String secondCollector = secondCollectorRefused();
        try (MqttFaultProxy proxy = MqttFaultProxy.start(run.collectorPort());
             MqttProbe probe = MqttProbe.connect("tcp://127.0.0.1:" + run.collectorPort(), null, "hostile-h", null,
                     null)) {
            List<Envelope> northIntervals = new CopyOnWriteArrayList<>();
            probe.subscribeEnvelopes("pmr/v1/agent-north/intervals", northIntervals);
            probe.subscribeAcks("agent-north");
            run.startAgents(proxy.url(), List.of());
            run.awaitPublishes(proxy, 60);

            String slow = slowHttpClients(api, proxy);
            // 3. the same key with other content, once the original is stored and acknowledged
            Envelope original = await().atMost(FaultRun.FAULT_WAIT).until(() -> northIntervals.stream()
                    .filter(e -> e.getIntervals().getIntervalsCount() > 0)
                    .filter(e -> probe.acked(e.getAgentId(), e.getBootEpoch(), e.getSequence()))
                    .findFirst().orElse(null), e -> e != null);
            probe.publish("pmr/v1/agent-north/intervals", HostileInputs.otherContent(original));
            await().atMost(FaultRun.FAULT_WAIT).until(() -> HostileInputs.metric(api, "pmr_ingest_conflicts_total") == 1);
            int acksBefore = probe.acks().size();
            // 8, with 4a while the disk is full (the agents wait for acks, so the central agent is alive)
            String full = fullDisk(api, disk, () -> {
                long centralEpoch = HostileInputs.bootEpoch(dir.resolve("central"));
                probe.publish("pmr/v1/agent-central/ack",
                        HostileInputs.forgedAck("agent-central", centralEpoch).toByteArray());
            });
            // 5. a watermark of 2^63-1 from any client of the anonymous broker
            probe.publish("pmr/v1/agent-hostile/intervals", HostileInputs.maxWatermark("agent-hostile"));
            await().atMost(FaultRun.FAULT_WAIT).until(() -> HostileInputs.metric(api,
                    "pmr_ingest_rejected_total{reason=\"time_out_of_range\"}") == 1);
            FaultRun.Outcome outcome = run.finish();
            boolean reAcked = probe.acks().subList(acksBefore, probe.acks().size()).stream()
                    .anyMatch(ack -> ack.getRangesList().stream().anyMatch(r -> r.getBootEpoch() == original.getBootEpoch()
                            && r.getFirstSequence() <= original.getSequence()
                            && original.getSequence() <= r.getLastSequence()));
            String report = reportExits0();
            assertTrue(report.contains("\"conflicts\"") && report.contains(Long.toUnsignedString(original.getSequence())),
                    "report.json lists the conflict");
            long ignored = run.agentCounter("ackRangesIgnored");
            FaultRun.row(TABLE, "3. a key of agent-north re-sent with other content by another MQTT client", "H",
                    run.collectorCounter("conflicts") + " conflict (seq " + original.getSequence() + ") kept apart and "
                            + "listed in report.json; the key " + (reAcked ? "ACKNOWLEDGED AGAIN" : "in none of the "
                            + (probe.acks().size() - acksBefore) + " later acks") + "; the original counts", outcome);
            FaultRun.row(TABLE, "4a. forged acks on `pmr/v1/agent-central/ack` from an anonymous client (ranges "
                    + "1..2^62, near 2^64, inverted)", "H", ignored + " of " + HostileInputs.FORGED_RANGES
                    + " ranges ignored and counted by the agent; nothing deleted unacknowledged (agents exit 0 only"
                    + " on real acks)", outcome);
            FaultRun.row(TABLE, "5. envelope with watermark 2^63-1 (anonymous client)", "H", "1 refused at the edge "
                    + "(`time_out_of_range`, counted); `pmr collector report` exits 0", outcome);
            FaultRun.row(TABLE, "6. " + OVER_THE_LIMIT + " slow HTTP clients (half-sent requests) against `--http`, "
                    + "collector at `ulimit -n " + FILE_LIMIT + "`", "H", slow, outcome);
            FaultRun.row(TABLE, "8. the database's disk (a 96 MB tmpfs) filled mid-ingest, then freed", "H", full,
                    outcome);
            FaultRun.row(TABLE, "10. a second `pmr collector` started on the same database", "H", secondCollector,
                    outcome);
            outcome.assertExact();
            assertFalse(reAcked, "the conflicting key is acknowledged no more");
            assertEquals(HostileInputs.FORGED_RANGES, ignored, "the central agent ignored every forged range");
            assertEquals(1, run.collectorCounter("conflicts"));

            FaultRun.row(TABLE, "7. kill -9 of `pmr collector import` mid-file (" + IMPORT_ROWS + " incidents)", "H",
                    killedImport(disk.resolve("pmr.db")), outcome);
            FaultRun.row(TABLE, "9. a damaged page in a copy of the database, `pmr collector` started on it", "H",
                    damagedDatabase(disk.resolve("pmr.db")), outcome);
        }
    }

    /** 10: a second collector on the run's database refuses, naming the holder; the first keeps ingesting. */
    private String secondCollectorRefused() throws Exception {
        FaultProcess second = run.track(FaultProcess.pmr("collector-second", dir, List.of("collector", "--db",
                run.database().toString(), "--port", "0")).start());
        int exit = second.awaitExit(Duration.ofSeconds(60));
        String said = second.stderr() + second.stdout();
        assertEquals(CollectorCommand.EXIT_STORE_REFUSED, exit, said);
        assertFalse(said.contains("\tat "), "a refusal, not a stack trace: " + said);
        assertTrue(said.contains("in use by another collector") && said.contains("pid " + run.collector().pid())
                && said.contains(run.database().toString()), said);
        return "refused at start, exit " + exit + ", naming the file and the holder's pid; the first collector went on";
    }

    /** 6: connections past the file limit, half-sent; the API and MQTT serve meanwhile; the timeout closes them. */
    private String slowHttpClients(String api, MqttFaultProxy proxy) throws Exception {
        long storedBefore = HostileInputs.metric(api, "pmr_ingest_envelopes_stored_total");
        long publishesBefore = proxy.publishesForwarded();
        int port = URI.create(api).getPort();
        long fdsHeld;
        long openWhileHeld;
        try (HeldConnections held = HeldConnections.open(port, HELD)) {
            fdsHeld = openFiles(run.collector().pid());
            // the API answers meanwhile, and shows them open as the server accepts them
            AtomicLong peakOpen = new AtomicLong();
            await().atMost(FaultRun.FAULT_WAIT).until(() -> peakOpen.accumulateAndGet(
                    HostileInputs.metric(api, "pmr_http_connections_open"), Math::max) >= HELD / 2);
            openWhileHeld = peakOpen.get();
            try (HeldConnections over = HeldConnections.open(port, OVER_THE_LIMIT - HELD)) {
                await().atMost(FaultRun.FAULT_WAIT).until(() -> proxy.publishesForwarded() > publishesBefore + 20
                        && HostileInputs.metric(api, "pmr_ingest_envelopes_stored_total") > storedBefore);
                await().atMost(FaultRun.FAULT_WAIT).until(() -> held.closedByServer() == held.opened()
                        && over.closedByServer() == over.opened());
            }
        }
        long timedOut = HostileInputs.metric(api, "pmr_http_connections_timed_out_total");
        long refused = HostileInputs.metric(api, "pmr_http_connections_refused_total");
        assertTrue(timedOut >= HELD, "timed out: " + timedOut);
        return OVER_THE_LIMIT + " connections opened, " + HELD + " held at once (" + fdsHeld + " open files of "
                + FILE_LIMIT + "); meanwhile `/metrics` answered (" + openWhileHeld + " connections open) and the agents'"
                + " MQTT traffic was stored; "
                + timedOut + " closed by the 5 s request timeout, " + refused + " closed at accept over the cap of "
                + HTTP_CAP + " (both counted); all closed by the collector";
    }

    /** 8: the database's file system filled until ingest fails, held so for a while, then freed. */
    private String fullDisk(String api, Path disk, FaultRun.Body whileFull) throws Exception {
        Path filler = disk.resolve("filler");
        long outboxBefore = run.outboxFiles();
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(Files.size(filler) > 0, "the filler took the free space: " + full.getMessage());
        }
        await().atMost(FaultRun.FAULT_WAIT).until(() -> HostileInputs.metric(api, "pmr_store_failing") == 1
                && HostileInputs.metric(api, "pmr_store_failures_total") >= 3);
        whileFull.run();
        AtomicLong peak = new AtomicLong();
        await().atMost(FaultRun.FAULT_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            peak.accumulateAndGet(run.outboxFiles(), Math::max);
            return peak.get() >= outboxBefore + 50;
        });
        long failures = HostileInputs.metric(api, "pmr_store_failures_total");
        Files.delete(filler);
        await().atMost(FaultRun.FAULT_WAIT).until(() -> HostileInputs.metric(api, "pmr_store_failing") == 0);
        long errors = run.collector().stderr().lines().filter(l -> l.contains("[ERROR]") && l.contains("retrying"))
                .count();
        return failures + " store writes failed (`pmr_store_failing` 1, " + errors + " ERROR lines); nothing "
                + "acknowledged meanwhile, the outboxes grew to " + peak.get() + " envelopes; ingest resumed when the "
                + "filler was deleted";
    }

    /** 7: the import killed after its first progress line leaves nothing; the same file then imports whole. */
    private String killedImport(Path db) throws Exception {
        Path file = IncidentsFile.write(dir.resolve("incidents.csv"), IMPORT_ROWS, 20_201_001L);
        List<String> args = List.of("collector", "import", "incidents", file.toString(), "--db", db.toString());
        FaultProcess killed = run.track(FaultProcess.pmr("import", dir, args).logFile(dir.resolve("import.err")));
        killed.start();
        killed.awaitStdout("(rows read)", 0, FaultRun.FAULT_WAIT);
        killed.kill9();
        long rowsAfterKill = count(db, "SELECT count(*) FROM import_row");
        long runsAfterKill = count(db, "SELECT count(*) FROM import_run");
        FaultProcess again = run.track(FaultProcess.pmr("import-again", dir, args).start());
        assertEquals(0, again.awaitExit(Duration.ofMinutes(3)), again.stderr());
        assertTrue(again.stdout().contains("stored " + IMPORT_ROWS + " rows (" + IMPORT_ROWS + " new"), again.stdout());
        assertEquals(List.of(0L, 0L), List.of(rowsAfterKill, runsAfterKill), "the killed import left nothing");
        FaultTally after = run.tally();
        assertEquals(List.of(), after.mismatches(), "the rig's figures are unchanged by the import");
        reportExits0();
        return "killed after its first 100,000 rows were staged: 0 rows and 0 import runs in the database; the re-import"
                + " stored " + IMPORT_ROWS + " rows, exit 0; figures unchanged, `pmr collector report` exits 0";
    }

    /** 9: a damaged page found at start, the file named, nothing written into it. */
    private String damagedDatabase(Path db) throws Exception {
        Path copy = dir.resolve("damaged.db");
        Files.copy(db, copy);
        HostileInputs.damageAMiddlePage(copy);
        byte[] before = Files.readAllBytes(copy);
        FaultProcess refused = run.track(FaultProcess.pmr("collector-damaged", dir, List.of("collector", "--db",
                copy.toString(), "--port", "0")).start());
        int exit = refused.awaitExit(Duration.ofSeconds(60));
        String said = refused.stderr() + refused.stdout();
        assertEquals(CollectorCommand.EXIT_STORE_REFUSED, exit, said);
        assertFalse(said.contains("\tat "), "a refusal, not a stack trace: " + said);
        assertTrue(said.contains(copy.toString()) && (said.contains("damaged") || said.contains("malformed")), said);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(copy)), "the refused file is left as it was");
        String line = said.lines().filter(l -> l.contains(copy.toString())).findFirst().orElse("")
                .replace(dir.toString(), "DIR").strip();
        return "refused at start, exit " + exit + ", file unchanged: `" + line.replace("|", "\\|") + "`";
    }

    /** Run I: an agent killed, its data dir wiped and started again under the same id (a reinstall). */
    @Test
    @Order(2)
    void aReinstalledAgentUnderAKnownId() throws Exception {
        run.run(() -> {
            run.startCollector(List.of());
            try (MqttFaultProxy proxy = MqttFaultProxy.start(run.collectorPort())) {
                run.startAgents(proxy.url(), List.of());
                run.awaitPublishes(proxy, 150);
                FaultProcess north = run.agents().get("north");
                north.kill9();
                long oldEpoch = HostileInputs.bootEpoch(dir.resolve("north"));
                deleteTree(dir.resolve("north"));
                north.start();
                FaultRun.Outcome outcome = run.finish();
                long oldEvents = count(run.database(), "SELECT coalesce(sum(events), 0) FROM interval_report WHERE "
                        + "agent_id = 'agent-north' AND boot_epoch = " + oldEpoch);
                long oldRecords = count(run.database(), "SELECT count(*) FROM event_record WHERE "
                        + "agent_id = 'agent-north' AND boot_epoch = " + oldEpoch);
                long epochs = count(run.database(), "SELECT count(DISTINCT boot_epoch) FROM envelope WHERE "
                        + "agent_id = 'agent-north'");
                reportExits0();
                FaultRun.row(TABLE, "1. agent-north reinstalled: kill -9, data dir wiped, started again under its id "
                        + "(re-measures the month from rig seq 1)", "I", "before the kill the old install had stored "
                        + oldEvents + " events in intervals and " + oldRecords + " event records; " + epochs
                        + " boot epochs of agent-north stored, nothing taken for a duplicate; the new install sent "
                        + "those events again under its new keys: **counted twice**, " + FaultTally.countedTwice(
                        rig.truth(), run.report(), "CSPN/") + " in north's measures, the rest in the composites"
                        + " (see below)", outcome);
                outcome.assertFinished();
                assertEquals(2, epochs, "both installs' envelopes are stored under their own epochs");
                assertEquals(0, outcome.tally().lost(), "nothing lost");
                // What a reinstall costs with a source replayed from its start (docs/reliability.md): the events the
                // old install had stored are counted again by the new one (interval events one for one, records by
                // what their measure counts), and nothing else.
                long northTwice = FaultTally.countedTwice(rig.truth(), run.report(), "CSPN/");
                assertTrue(northTwice >= oldEvents && northTwice <= oldEvents + oldRecords, "counted twice in north's"
                        + " measures " + northTwice + ": the old install's " + oldEvents + " interval events and up to "
                        + oldRecords + " records");
                assertTrue(outcome.tally().countedTwice() > northTwice, "and again in the composites that pool them");
            }
        });
    }

    /**
     * Run J, on the embedded broker secured (TLS, a password per agent id): two live agents under one id (a cloned
     * gateway image, each measuring its own region), and another agent's credentials forging that id's acks.
     */
    @Test
    @Order(3)
    void twoAgentsUnderOneIdAndAckForgedWithAnotherAgentsCredentials() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), 3);
        Path keystore = pki.issue("broker");
        Path credentials = dir.resolve("passwd");
        CredentialsFile.put(credentials, CLONE, CLONE_PASSWORD.toCharArray(), new SecureRandom());
        CredentialsFile.put(credentials, OTHER, OTHER_PASSWORD.toCharArray(), new SecureRandom());
        Path clonePassword = Files.writeString(dir.resolve("clone.pw"), CLONE_PASSWORD + "\n");
        Path otherPassword = Files.writeString(dir.resolve("other.pw"), OTHER_PASSWORD + "\n");
        run.run(() -> {
            run.startCollector(List.of("--tls-keystore", keystore.toString(), "--tls-keystore-password-file",
                    pki.passwordFile().toString(), "--credentials-file", credentials.toString()));
            String url = "ssl://127.0.0.1:" + run.collectorPort();
            run.startAgents(url, List.of("--id", CLONE, "--tls-truststore", pki.trustStore().toString(),
                    "--tls-truststore-password-file", pki.passwordFile().toString(), "--password-file",
                    clonePassword.toString()));
            SSLSocketFactory tls = MqttSecurity.of(pki.trustStore(), pki.passwordFile(), otherPassword).socketFactory();
            int granted;
            try (MqttProbe other = MqttProbe.connect(url, tls, OTHER, OTHER, OTHER_PASSWORD)) {
                granted = other.subscribeAcks(CLONE);
                await().atMost(FaultRun.FAULT_WAIT).until(() -> Files.exists(dir.resolve("central").resolve("agent.state"))
                        && Files.exists(dir.resolve("north").resolve("agent.state")));
                for (String region : FaultRig.REGIONS) {
                    other.publish("pmr/v1/" + CLONE + "/ack",
                            HostileInputs.forgedAck(CLONE, HostileInputs.bootEpoch(dir.resolve(region))).toByteArray());
                }
            }
            FaultRun.Outcome outcome = run.finish();
            reportExits0();
            long clashes = run.collectorCounter("identityClashes");
            long ignored = run.agentCounter("ackRangesIgnored");
            FaultRun.row(TABLE, "2. two live agents under one id (`" + CLONE + "` measuring north, and measuring"
                    + " central), secured embedded broker", "J", clashes + " identity clash(es) flagged (WARN, "
                    + "`pmr_ingest_identity_clashes_total`, report.json); the broker kept kicking one off (same client"
                    + " id); both agents' data stored under their own epochs", outcome);
            FaultRun.row(TABLE, "4b. forged acks on `pmr/v1/" + CLONE + "/ack` published with another agent's "
                    + "credentials (`" + OTHER + "`)", "J", "refused by the broker's topic rights (its subscription"
                    + " to that ack topic granted 0x" + Integer.toHexString(granted) + "); " + ignored
                    + " forged ranges reached the agents", outcome);
            outcome.assertExact();
            assertTrue(clashes >= 1, "the clash was flagged");
            assertEquals(0x80, granted, "another agent may not read this id's acks");
            assertEquals(0, ignored, "no forged ack reached an agent");
        });
    }

    private static long openFiles(long pid) throws IOException {
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return list.count();
        }
    }

    private String reportExits0() throws Exception {
        FaultProcess report = run.track(FaultProcess.pmr("report", dir, List.of("collector", "report", "--db",
                run.database().toString(), "--period", FaultRig.PERIOD.toString(), "--format", "json")));
        int from = report.stdout().length();
        report.start();
        assertEquals(0, report.awaitExit(Duration.ofMinutes(2)), "pmr collector report exits 0: " + report.stderr());
        return report.stdout().substring(from);
    }

    static long count(Path db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        return process.exitValue();
    }
}
