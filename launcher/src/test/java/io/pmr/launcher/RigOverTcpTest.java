package io.pmr.launcher;

import io.pmr.agent.rtt.RttSession;
import io.pmr.agent.rtt.RttSettings;
import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.hardware.CommandListener;
import io.pmr.hardware.CommandPort;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.rig.RigAddress;
import io.pmr.hardware.rig.RigJournal;
import io.pmr.hardware.rig.RigServer;
import io.pmr.hardware.rig.RigServerSettings;
import io.pmr.hardware.rig.TcpCommandPort;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedResponder;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.proto.v1.RigControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rig and its agents as separate processes over TCP, a collector over MQTT: the report equals the
 * rig's ground truth, with and without link faults, for the classic kinds and for the whole simulation (every
 * kind of measure); and the round-trip tool over TCP sees a stall.
 */
class RigOverTcpTest {
    private static final YearMonth PERIOD = YearMonth.of(2020, 9);

    @TempDir
    Path dir;

    @Test
    void twoAgentsOverTcpReproduceTheRigsGroundTruth() throws Exception {
        runAndCompare(List.of());
    }

    @Test
    void linkFaultsChangeNoFigure() throws Exception {
        runAndCompare(List.of("--fault-duplicate", "0.05", "--fault-reorder", "0.05", "--fault-drop-link-every", "15000",
                "--fault-seed", "3"));
    }

    /**
     * The whole simulation with faults on: the agents learn from the rig's welcome to measure every kind. The rig
     * serves all three regions and three agent processes measure them: the DSP and SMKI measures sum every region's events,
     * so the truth has them only when every region is served (GroundTruth has no per-region DSP rows).
     */
    @Test
    void theWholeSimulationOverTcpWithFaultsEqualsTheTruthForEveryKindOfMeasure() throws Exception {
        OracleCheck.Outcome outcome = run(List.of("--whole", "--device-hubs", "300", "--regions", "north,central,south",
                "--fault-duplicate", "0.05", "--fault-reorder", "0.05", "--fault-drop-link-every", "40000",
                "--fault-seed", "5"), List.of("north", "central", "south"));
        assertTrue(outcome.matches(), () -> "mismatches: " + outcome.mismatches());
        GroundTruthFile truth = GroundTruthFile.read(dir.resolve("truth.json"));
        java.util.Set<String> ids = new java.util.TreeSet<>();
        truth.measures().forEach(entry -> ids.add(entry.id()));
        for (String id : List.of("DSP/PM1.1", "DSP/PM1.2", "DSP/PM1.3", "DSP/PM1.4", "DSP/PM1.5", "CSPN/PM1.2",
                "CSPN/PM1.3", "CSPC/PM1.2", "CSPS/PM1.2", "CPM1", "CPM2", "CPM3",
                // availability probes of the DSP interfaces and CSPN Access Nodes, over the wire from NORTH
                "DSP/PM2.1", "DSP/PM2.2", "DSP/PM2.3", "DSP/PM2.4", "DSP/PM2.5", "DSP/PM2.7", "CSPN/PM6.3", "CPM6",
                // SMETS1 timings at the S1SP interfaces, every region's port summed (RIG_EVENT_KIND_S1SP_*)
                "S1SP-SIE/PM1.1", "S1SP-CAP/PM1.1", "S1SP-SIE/PM1.5",
                // the SMWAN connectivity level in hub-days (RIG_EVENT_KIND_SMWAN_CONNECTIVITY_CHECK)
                "CSPN/PM1.4", "CSPC/PM1.3", "CSPS/PM1.3",
                // SMKI timings (a UK wall-clock deadline and core hours among their rules), over the wire
                "TSP/PM1.1", "TSP/PM1.4", "TSP/PM1.7", "TSP/PM1.8", "DSP/PM13", "CPM7", "CPM8")) {
            assertTrue(ids.contains(id), id + " checked: " + ids);
        }
        for (Region region : Region.values()) {
            for (String pm : List.of("PM1.1", "PM2", "PM3.1", "PM3.2", "PM4.1", "PM4.2", "PM4.3", "PM6.2", "PM12.1",
                    "PM12.2")) {
                assertTrue(ids.contains(region.providerCode() + "/" + pm), region.providerCode() + "/" + pm + " checked: " + ids);
            }
        }
        assertTrue(truth.measures().stream().anyMatch(entry -> entry.historicalLevel() != null), "a PM12.2 with levels");
        for (String region : List.of("north", "central", "south")) {
            String out = java.nio.file.Files.readString(dir.resolve("agent-" + region + ".log.out"));
            java.util.regex.Matcher link = java.util.regex.Pattern.compile(
                    "frames delivered \\((\\d+) per-device starts\\), (\\d+) duplicates dropped, (\\d+) reconnects").matcher(out);
            assertTrue(link.find(), region + " printed its link counters: " + out);
            assertTrue(Long.parseLong(link.group(1)) > 0, region + " received per-device starts: " + link.group());
            assertTrue(Long.parseLong(link.group(2)) > 0 && Long.parseLong(link.group(3)) > 0,
                    region + " survived duplicates and dropped links: " + link.group());
            assertTrue(out.contains("every kind (whole simulation)"), region + " measured every kind: " + out);
        }
    }

    private void runAndCompare(List<String> faults) throws Exception {
        List<String> rigArgs = new ArrayList<>(List.of("--regions", "north,central"));
        rigArgs.addAll(faults);
        OracleCheck.Outcome outcome = run(rigArgs, List.of("north", "central"));
        assertTrue(outcome.matches(), () -> "mismatches: " + outcome.mismatches());
        assertTrue(outcome.measuresCompared() >= 10, "both regions' measures and the composites: " + outcome.measuresCompared());
    }

    private OracleCheck.Outcome run(List<String> extraRigArgs, List<String> regions) throws Exception {
        Path truthFile = dir.resolve("truth.json");
        Path maintenance = dir.resolve("maintenance.csv");
        List<String> rigArgs = new ArrayList<>(List.of("rig", "--listen", "127.0.0.1:0", "--period", PERIOD.toString(),
                "--seed", "7", "--hubs", "60", "--truth", truthFile.toString(), "--maintenance", maintenance.toString()));
        rigArgs.addAll(extraRigArgs);
        Process rig = launch(rigArgs, dir.resolve("rig.log"));
        List<Process> agents = new ArrayList<>();
        try (Collector collector = Collector.start(CollectorSettings.builder().embeddedPort(0)
                .databasePath(dir.resolve("pmr.db")).build())) {
            int port = listeningPort(rig);
            for (String region : regions) {
                agents.add(launch(List.of("agent", "--rig", "tcp://127.0.0.1:" + port, "--region", region,
                        "--broker", collector.brokerUrl(), "--data-dir", dir.resolve(region).toString(),
                        "--resend-after", "2s", "--drain-timeout", "2m"), dir.resolve("agent-" + region + ".log")));
            }
            for (Process agent : agents) {
                assertTrue(agent.waitFor(3, TimeUnit.MINUTES), "agent finished");
                assertEquals(0, agent.exitValue(), "agent exit code; see agent-*.log");
            }
            // the notified maintenance of the probed interfaces comes to the collector as an import, as in real life
            collector.importFile(io.pmr.collector.imports.ImportKind.AVAILABILITY, maintenance.toString(),
                    java.nio.file.Files.readAllBytes(maintenance));
            return OracleCheck.compare(GroundTruthFile.read(truthFile), collector.report(PERIOD));
        } finally {
            for (Process agent : agents) {
                agent.destroy();
            }
            rig.destroy();
            rig.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process launch(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.pmr.launcher.Pmr"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        if (!args.get(0).equals("rig")) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".out").toFile()));
        }
        return builder.start();
    }

    /** Reads the rig's stdout until it prints 'rig listening on HOST:PORT'; keeps draining it after. */
    private static int listeningPort(Process rig) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(rig.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("rig listening on ")) {
                        port.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
                    }
                }
                port.completeExceptionally(new IllegalStateException("the rig ended without listening"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "rig-stdout");
        reader.setDaemon(true);
        reader.start();
        return port.get(2, TimeUnit.MINUTES);
    }

    @Test
    void theRoundTripToolOverTcpSeesEveryCommandOfAStall() throws Exception {
        // fast, certain responses: the stall is the only delay worth seeing
        SimulatedResponder.Latency quick = new SimulatedResponder.Latency(Duration.ofMillis(1), 0.0, 0.0, 1.0, 0.0, 0.0);
        Map<Region, RigJournal> journals = RigJournal.record(
                SimulatedRig.create(RigScenario.of(1, 3, PERIOD, RigScenario.defaultTrts())), EnumSet.of(Region.NORTH),
                Duration.ofHours(1));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (RigServer server = RigServer.start(RigServerSettings.loopback(0).withLatencies(Map.of(EventKind.RTT4, quick)), journals);
             TcpCommandPort tcp = TcpCommandPort.open(new RigAddress("127.0.0.1", server.address().getPort()), Region.NORTH,
                     Duration.ofSeconds(10))) {
            Tap port = new Tap(tcp);
            RttSettings settings = new RttSettings(EventKind.RTT4, 10, Duration.ofSeconds(5), List.of(Duration.ofSeconds(25)),
                    Duration.ofSeconds(1), Duration.ofMinutes(1));
            try (RttSession session = new RttSession(port, settings, TimeSource.system(), scheduler, s -> { }, null)) {
                session.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> session.snapshot().answered() >= 10);
                server.apply(RigControl.newBuilder().setAction(RigControl.Action.STALL).setDurationMillis(2_000).build());
                assertTrue(session.awaitFinished(Duration.ofSeconds(60)));
                assertEquals(50, session.snapshot().answered(), "every command answered, the stalled ones too");
            }
            List<Long> delayedMillis = port.latenciesMillis(100);
            assertTrue(delayedMillis.size() >= 15 && delayedMillis.size() <= 25,
                    "about 20 commands (2 s at 10/s) held by the stall, each its own sample: " + delayedMillis);
            long early = delayedMillis.stream().filter(ms -> ms < 1_000).count();
            long late = delayedMillis.stream().filter(ms -> ms >= 1_000 && ms <= 2_500).count();
            assertTrue(early >= 5 && late >= 5, "spread over 0..2 s of extra delay, not one value: " + delayedMillis);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Sees every response the session sees, to check the histogram's samples one by one. */
    private static final class Tap implements CommandPort {
        private final CommandPort inner;
        private final Map<Long, Long> sentNanos = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Long> latencyNanos = java.util.Collections.synchronizedList(new ArrayList<>());

        Tap(CommandPort inner) {
            this.inner = inner;
        }

        @Override
        public Region region() {
            return inner.region();
        }

        @Override
        public TimeSource timeSource() {
            return inner.timeSource();
        }

        @Override
        public void attach(CommandListener listener) {
            inner.attach((id, at, ok) -> {
                Long sent = sentNanos.get(id);
                if (sent != null) {
                    latencyNanos.add(at - sent);
                }
                listener.onResponse(id, at, ok);
            });
        }

        @Override
        public void send(long commandId, EventKind kind) {
            sentNanos.put(commandId, inner.timeSource().epochNanos());
            inner.send(commandId, kind);
        }

        @Override
        public void close() {
            inner.close();
        }

        List<Long> latenciesMillis(long overMillis) {
            synchronized (latencyNanos) {
                return latencyNanos.stream().map(n -> n / 1_000_000).filter(ms -> ms > overMillis).toList();
            }
        }
    }
}
