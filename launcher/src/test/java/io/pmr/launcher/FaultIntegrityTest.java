package io.pmr.launcher;

import io.pmr.mqtt.MqttSecurity;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.security.CredentialsFile;
import io.pmr.proto.v1.Envelope;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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
        FaultRig.stop(rig);
        TABLE.write(Path.of("target", "fault-suite-integrity.md"), "Fault-injection suite, integrity (FaultIntegrityTest)");
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
                    .collectorWrapper(List.of("prlimit", "--nofile=" + CollectorFaults.FILE_LIMIT + ":"
                            + CollectorFaults.FILE_LIMIT));
            run.run(() -> runH(disk));
        } finally {
            exec("umount", "-l", disk.toString());
        }
    }

    private void runH(Path disk) throws Exception {
        CollectorFaults faults = new CollectorFaults(run);
        run.startCollector(List.of("--http", "127.0.0.1:0", "--http-max-connections",
                Integer.toString(CollectorFaults.HTTP_CAP),
                "--http-request-timeout-seconds", "5", "--http-idle-timeout-seconds", "5"));
        String api = run.collector().awaitStdout("HTTP API on (\\S+) ", 0, Duration.ofSeconds(30));
        String secondCollector = faults.secondCollectorRefused();
        try (MqttFaultProxy proxy = MqttFaultProxy.start(run.collectorPort());
             MqttProbe probe = MqttProbe.connect("tcp://127.0.0.1:" + run.collectorPort(), null, "hostile-h", null,
                     null)) {
            List<Envelope> northIntervals = new CopyOnWriteArrayList<>();
            probe.subscribeEnvelopes("pmr/v1/agent-north/intervals", northIntervals);
            probe.subscribeAcks("agent-north");
            List<Envelope> centralIntervals = new CopyOnWriteArrayList<>();
            probe.subscribeEnvelopes("pmr/v1/agent-central/intervals", centralIntervals);
            run.startAgents(proxy.url(), List.of());
            // 4a. forged acks, as soon as the central agent has published (so it is connected, subscribed to its
            // acks and waiting for the collector's). Not while the disk is full, as before: an agent whose every
            // envelope was acknowledged exits, and the central agent could finish before the disk filled.
            await().atMost(FaultRun.FAULT_WAIT).until(() -> !centralIntervals.isEmpty());
            probe.publish("pmr/v1/agent-central/ack",
                    HostileInputs.forgedAck("agent-central", centralIntervals.get(0).getBootEpoch()).toByteArray());
            run.awaitPublishes(proxy, 60);

            // 3. the same key with other content, once the original is stored and acknowledged
            Envelope original = await().atMost(FaultRun.FAULT_WAIT).until(() -> northIntervals.stream()
                    .filter(e -> e.getIntervals().getIntervalsCount() > 0)
                    .filter(e -> probe.acked(e.getAgentId(), e.getBootEpoch(), e.getSequence()))
                    .findFirst().orElse(null), e -> e != null);
            probe.publish("pmr/v1/agent-north/intervals", HostileInputs.otherContent(original));
            await().atMost(FaultRun.FAULT_WAIT).until(() -> HostileInputs.metric(api, "pmr_ingest_conflicts_total") == 1);
            int acksBefore = probe.acks().size();
            // 8
            String full = faults.fullDisk(api, disk, () -> { });
            // 6. slow HTTP clients past the file limit, while the agents drain their backlog
            String slow = faults.slowHttpClients(api, "tcp://127.0.0.1:" + run.collectorPort());
            // 5. a watermark of 2^63-1 from any client of the anonymous broker
            probe.publish("pmr/v1/agent-hostile/intervals", HostileInputs.maxWatermark("agent-hostile"));
            await().atMost(FaultRun.FAULT_WAIT).until(() -> HostileInputs.metric(api,
                    "pmr_ingest_rejected_total{reason=\"time_out_of_range\"}") == 1);
            FaultRun.Outcome outcome = run.finish();
            boolean reAcked = probe.acks().subList(acksBefore, probe.acks().size()).stream()
                    .anyMatch(ack -> ack.getRangesList().stream().anyMatch(r -> r.getBootEpoch() == original.getBootEpoch()
                            && r.getFirstSequence() <= original.getSequence()
                            && original.getSequence() <= r.getLastSequence()));
            String report = run.reportExits0();
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
            FaultRun.row(TABLE, "6. " + CollectorFaults.OVER_THE_LIMIT + " slow HTTP clients (half-sent requests)"
                    + " against `--http`, collector at `ulimit -n " + CollectorFaults.FILE_LIMIT + "`", "H", slow, outcome);
            FaultRun.row(TABLE, "8. the database's disk (a 96 MB tmpfs) filled mid-ingest, then freed", "H", full,
                    outcome);
            FaultRun.row(TABLE, "10. a second `pmr collector` started on the same database", "H", secondCollector,
                    outcome);
            outcome.assertExact();
            assertFalse(reAcked, "the conflicting key is acknowledged no more");
            assertEquals(HostileInputs.FORGED_RANGES, ignored, "the central agent ignored every forged range");
            assertEquals(1, run.collectorCounter("conflicts"));

            FaultRun.row(TABLE, "7. kill -9 of `pmr collector import` mid-file (" + CollectorFaults.IMPORT_ROWS
                    + " incidents)", "H",
                    faults.killedImport(disk.resolve("pmr.db")), outcome);
            FaultRun.row(TABLE, "9. a damaged page in a copy of the database, `pmr collector` started on it", "H",
                    faults.damagedDatabase(disk.resolve("pmr.db")), outcome);
        }
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
                long epochs = FaultRun.sqlCount(run.database(), "SELECT count(DISTINCT boot_epoch) FROM envelope WHERE "
                        + "agent_id = 'agent-north'");
                // The new install re-measured the month from the rig's seq 1 under new keys: every interval the old
                // install had stored comes again with the same content and is recognised as a replay (kept in
                // replayed_interval, not counted again), measure by measure; nothing is counted twice.
                MonthlyReport report = run.report();
                long oldEvents = 0;
                for (GroundTruthFile.Entry entry : rig.truth().measures()) {
                    if (entry.id().startsWith("CSPN/")) {
                        long old = oldInstallEventsInPeriod(oldEpoch, entry.id());
                        assertEquals(old, replayedEventsInPeriod(entry.id()), entry.id() + ": replays recognised");
                        oldEvents += old;
                    }
                }
                long replayedIntervals = FaultRun.sqlCount(run.database(), "SELECT count(*) FROM replayed_interval");
                run.reportExits0();
                FaultRun.row(TABLE, "1. agent-north reinstalled: kill -9, data dir wiped, started again under its id "
                        + "(re-measures the month from rig seq 1)", "I", epochs + " boot epochs of agent-north stored,"
                        + " nothing taken for a duplicate; " + replayedIntervals + " intervals (" + oldEvents
                        + " events of the month) measured again with the same content, recognised as replays and"
                        + " counted once", outcome);
                outcome.assertFinished();
                assertEquals(2, epochs, "both installs' envelopes are stored under their own epochs");
                assertEquals(0, outcome.tally().lost(), "nothing lost");
                assertEquals(0, outcome.tally().countedTwice(), "nothing counted twice");
                assertTrue(oldEvents > 0, "the old install had stored some of the month");
                assertEquals(0, FaultTally.countedTwice(rig.truth(), report, id -> id.startsWith("CSPC/")),
                        "central's figures untouched");
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
            run.reportExits0();
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

    /** Events of one measure the old install stored in intervals starting in the period (Europe/London). */
    private long oldInstallEventsInPeriod(long bootEpoch, String measureId) throws SQLException {
        ZoneId london = ZoneId.of("Europe/London");
        long from = FaultRig.PERIOD.atDay(1).atStartOfDay(london).toInstant().toEpochMilli();
        long to = FaultRig.PERIOD.plusMonths(1).atDay(1).atStartOfDay(london).toInstant().toEpochMilli();
        return FaultRun.sqlCount(run.database(), "SELECT coalesce(sum(events), 0) FROM interval_report WHERE agent_id ="
                + " 'agent-north' AND boot_epoch = " + bootEpoch + " AND measure_id = '" + measureId + "' AND"
                + " interval_start_epoch_millis >= " + from + " AND interval_start_epoch_millis < " + to);
    }

    private long replayedEventsInPeriod(String measureId) throws SQLException {
        ZoneId london = ZoneId.of("Europe/London");
        long from = FaultRig.PERIOD.atDay(1).atStartOfDay(london).toInstant().toEpochMilli();
        long to = FaultRig.PERIOD.plusMonths(1).atDay(1).atStartOfDay(london).toInstant().toEpochMilli();
        return FaultRun.sqlCount(run.database(), "SELECT coalesce(sum(events), 0) FROM replayed_interval WHERE agent_id ="
                + " 'agent-north' AND measure_id = '" + measureId + "' AND interval_start_epoch_millis >= " + from
                + " AND interval_start_epoch_millis < " + to);
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
