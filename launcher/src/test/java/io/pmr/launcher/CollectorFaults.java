package io.pmr.launcher;

import io.pmr.testkit.HeldConnections;
import io.pmr.testkit.IncidentsFile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector-side faults of {@link FaultIntegrityTest}'s run H, each injected into the run's live (or, for the
 * last two, stopped) collector and checked; each returns the text of its table row's "messages affected". Not
 * thread-safe: the test thread drives it.
 */
final class CollectorFaults {
    /** The collector's file limit (prlimit) in run H, and its HTTP connection cap, well under it. */
    static final int FILE_LIMIT = 1024;
    static final int HTTP_CAP = 640;
    static final int HELD = HTTP_CAP - 40;
    static final int OVER_THE_LIMIT = FILE_LIMIT + 200;
    static final int IMPORT_ROWS = 150_000;

    private final FaultRun run;
    private final Path dir;

    CollectorFaults(FaultRun run) {
        this.run = run;
        this.dir = run.dir();
    }

    /** 10: a second collector on the run's database refuses, naming the holder; the first keeps ingesting. */
    String secondCollectorRefused() throws Exception {
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

    /**
     * 6: connections past the file limit, half-sent; meanwhile the API answers, and a new MQTT client (a new socket at
     * the file limit) connects and has an envelope stored and acknowledged; the request timeout then closes them all.
     */
    String slowHttpClients(String api, String brokerUrl) throws Exception {
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
            try (HeldConnections over = HeldConnections.open(port, OVER_THE_LIMIT - HELD);
                 MqttProbe agent = MqttProbe.connect(brokerUrl, null, "agent-latecomer", null, null)) {
                agent.subscribeAcks("agent-latecomer");
                agent.publish("pmr/v1/agent-latecomer/status", MqttProbe.status("agent-latecomer", 1, 1));
                await().atMost(FaultRun.FAULT_WAIT).until(() -> agent.acked("agent-latecomer", 1, 1));
                await().atMost(FaultRun.FAULT_WAIT).until(() -> held.closedByServer() == held.opened()
                        && over.closedByServer() == over.opened());
            }
        }
        long timedOut = HostileInputs.metric(api, "pmr_http_connections_timed_out_total");
        long refused = HostileInputs.metric(api, "pmr_http_connections_refused_total");
        assertTrue(timedOut >= HELD, "timed out: " + timedOut);
        return OVER_THE_LIMIT + " connections opened, " + HELD + " held at once (" + fdsHeld + " open files of "
                + FILE_LIMIT + "); meanwhile `/metrics` answered (" + openWhileHeld + " connections open) and a new MQTT"
                + " client connected, its envelope stored and acknowledged; "
                + timedOut + " closed by the 5 s request timeout, " + refused + " closed at accept over the cap of "
                + HTTP_CAP + " (both counted); all closed by the collector";
    }

    /** 8: the database's file system filled until ingest fails, held so for a while, then freed. */
    String fullDisk(String api, Path disk, FaultRun.Body whileFull) throws Exception {
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
    String killedImport(Path db) throws Exception {
        Path file = IncidentsFile.write(dir.resolve("incidents.csv"), IMPORT_ROWS, 20_201_001L);
        List<String> args = List.of("collector", "import", "incidents", file.toString(), "--db", db.toString());
        FaultProcess killed = run.track(FaultProcess.pmr("import", dir, args).logFile(dir.resolve("import.err")));
        killed.start();
        killed.awaitStdout("(rows read)", 0, FaultRun.FAULT_WAIT);
        killed.kill9();
        long rowsAfterKill = FaultRun.sqlCount(db, "SELECT count(*) FROM import_row");
        long runsAfterKill = FaultRun.sqlCount(db, "SELECT count(*) FROM import_run");
        FaultProcess again = run.track(FaultProcess.pmr("import-again", dir, args).start());
        assertEquals(0, again.awaitExit(Duration.ofMinutes(3)), again.stderr());
        assertTrue(again.stdout().contains("stored " + IMPORT_ROWS + " rows (" + IMPORT_ROWS + " new"), again.stdout());
        assertEquals(List.of(0L, 0L), List.of(rowsAfterKill, runsAfterKill), "the killed import left nothing");
        FaultTally after = run.tally();
        assertEquals(List.of(), after.mismatches(), "the rig's figures are unchanged by the import");
        run.reportExits0();
        return "killed after its first 100,000 rows were staged: 0 rows and 0 import runs in the database; the re-import"
                + " stored " + IMPORT_ROWS + " rows, exit 0; figures unchanged, `pmr collector report` exits 0";
    }

    /** 9: a damaged page found at start, the file named, nothing written into it. */
    String damagedDatabase(Path db) throws Exception {
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
        assertTrue(Arrays.equals(before, Files.readAllBytes(copy)), "the refused file is left as it was");
        List<String> lines = said.lines().dropWhile(l -> !l.contains("refusing to start")).limit(2).toList();
        String line = String.join(" ", lines).replace(dir.toString(), "DIR").replaceAll("\\s+", " ").strip();
        return "refused at start, exit " + exit + ", file unchanged: `" + line.replace("|", "\\|") + "`";
    }

    private static long openFiles(long pid) throws IOException {
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return list.count();
        }
    }
}
