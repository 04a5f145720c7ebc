package io.pmr.launcher;

import io.pmr.agent.CatalogueTrts;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.rig.RigAddress;
import io.pmr.hardware.rig.RigControlClient;
import io.pmr.hardware.rig.RigFaultOptions;
import io.pmr.hardware.rig.RigJournal;
import io.pmr.hardware.rig.RigServer;
import io.pmr.hardware.rig.RigServerSettings;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.proto.v1.RigControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pmr rig}: the simulated rig as its own process, serving each region's month over TCP to agents
 * ({@code pmr agent --rig tcp://HOST:PORT}) and test commands to the round-trip tool, with link faults on
 * request. {@code pmr rig fault} switches faults on a running rig.
 */
@Command(name = "rig", mixinStandardHelpOptions = true, subcommands = RigCommand.Fault.class,
        description = {"Runs the simulated comms-hub rig as a TCP server.",
                "Runs the simulated comms-hub rig as a TCP server: builds the month per region on its virtual",
                "clock, writes the ground truth, prints 'rig listening on HOST:PORT' and serves until Ctrl-C.",
                "See docs/rig.md."})
final class RigCommand implements Callable<Integer> {
    private static final Duration STEP = Duration.ofMinutes(1);

    @Option(names = "--listen", defaultValue = "127.0.0.1:0", description = "HOST:PORT to listen on; port 0 = ephemeral (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--period", defaultValue = "2020-09", description = "Month the rig runs (default ${DEFAULT-VALUE}).")
    YearMonth period;

    @Option(names = "--seed", defaultValue = "7", description = "Rig seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hubs", defaultValue = "300", description = "Simulated hubs over all regions (default ${DEFAULT-VALUE}).")
    int hubs;

    @Option(names = "--regions", split = ",", defaultValue = "north,central,south", description = "Regions served (default ${DEFAULT-VALUE}); the truth covers only these.")
    List<String> regions;

    @Option(names = "--catalogue", description = "Catalogue folder or measures CSV whose TRTs the rig's truth applies (default: the shipped one).")
    Path catalogue;

    @Option(names = "--whole", description = "The whole simulation: every kind of event (firmware payloads, power outages, DSP timings, SMWAN connectivity) besides the five classic ones; agents measure every kind when the rig says so.")
    boolean whole;

    @Option(names = "--device-hubs", defaultValue = "6000", description = "With --whole: hubs per region that receive firmware payloads and lose power (default ${DEFAULT-VALUE}).")
    int deviceHubs;

    @Option(names = "--truth", description = "Write the ground truth JSON of the served regions here.")
    Path truth;

    @Option(names = "--maintenance", description = {"With --whole: write the notified maintenance windows of the probed",
            "interfaces of the served regions (CSPx/PM6.2; from north also DSP/PM2.1-PM2.5, PM2.7 and CSPN/PM6.3) here,",
            "as a file for 'pmr collector import availability'."})
    Path maintenance;

    @Option(names = "--fault-duplicate", defaultValue = "0", description = "Probability of sending a frame twice.")
    double duplicate;

    @Option(names = "--fault-reorder", defaultValue = "0", description = "Probability of swapping a frame with the next.")
    double reorder;

    @Option(names = "--fault-delay", defaultValue = "0s", description = "Hold each batch of frames this long.")
    Duration delay;

    @Option(names = "--fault-drop-link-every", defaultValue = "0", description = "Close a connection after this many frames (0 = never).")
    long dropLinkEvery;

    @Option(names = "--fault-stall", defaultValue = "0s", description = "Stall each command responder this long when it opens.")
    Duration stall;

    @Option(names = "--fault-seed", defaultValue = "1", description = "Seed of the duplicate and reorder draws (default ${DEFAULT-VALUE}).")
    long faultSeed;

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        RigAddress bind = RigAddress.parse(listen.endsWith(":0") ? listen.substring(0, listen.length() - 2) + ":1" : listen);
        int port = listen.endsWith(":0") ? 0 : bind.port();
        Set<Region> served = EnumSet.noneOf(Region.class);
        for (String region : regions) {
            served.add(Region.parse(region.trim()));
        }
        Catalogue cat = catalogue == null ? Catalogue.shipped() : Catalogue.load(catalogue);
        Map<EventKind, Duration> trts = CatalogueTrts.measured(cat::trtRule, whole).trts();
        RigFaultOptions faults = new RigFaultOptions(duplicate, reorder, delay, dropLinkEvery, stall, faultSeed);
        RigScenario scenario = RigScenario.of(seed, hubs, period, trts);
        SimulatedRig rig = SimulatedRig.create(whole ? scenario.withWholeSimulation(deviceHubs) : scenario);
        GroundTruthFile truthFile = GroundTruthFile.of(rig.groundTruth(), cat, period, seed, hubs, served);
        if (whole && !served.containsAll(EnumSet.allOf(Region.class))) {
            System.out.println("note: the DSP and SMKI measures sum every region's events; serving " + served
                    + " only, the truth leaves them out");
        }
        // the whole simulation's SMWAN tail: a tick a day once only connectivity events are pending, as the demo does
        Map<Region, RigJournal> journals = whole
                ? RigJournal.record(rig, served, STEP, DemoRun.coarseAfterEpochNanos(period, trts), DemoRun.COARSE_STEP)
                : RigJournal.record(rig, served, STEP);
        if (truth != null) {
            truthFile.write(truth);
        }
        if (maintenance != null) {
            List<String> rows = whole ? DemoImports.maintenanceRows(rig.groundTruth(), served) : List.of();
            java.nio.file.Files.writeString(maintenance, "measure,kind,start,end\n"
                    + rows.stream().map(row -> row + "\n").collect(java.util.stream.Collectors.joining()),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        RigServer server = RigServer.start(new RigServerSettings(bind.host(), port, 64 * 1024, faults, seed, Map.of()),
                journals);
        CountDownLatch stopped = new CountDownLatch(1);
        if (!StopHook.install("pmr-rig-shutdown", () -> {
            server.close();
            stopped.countDown();
        })) {
            return ExitCode.STOPPED_WHILE_STARTING.code();
        }
        for (RigJournal journal : journals.values()) {
            System.out.printf(Locale.ROOT, "region %s: %d observations, %d frames%n", journal.region(),
                    journal.observations(), journal.size());
        }
        if (truth != null) {
            System.out.println("ground truth: " + truth.toAbsolutePath());
        }
        System.out.println("simulation: " + (whole ? "whole (every kind of event)" : "classic (RTT2/3/4, CAT2, CAT3)"));
        System.out.println("faults: " + faults.summary());
        System.out.println("rig listening on " + server.address().getHostString() + ":" + server.address().getPort());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** {@code pmr rig fault}: switches a fault on a running rig. */
    @Command(name = "fault", mixinStandardHelpOptions = true,
            description = {"Sends a fault command to a running rig.",
                "Sends a fault command to a running rig: drop-link | duplicate P | reorder P |",
                    "delay DURATION | stall DURATION | clear."})
    static final class Fault implements Callable<Integer> {
        @Option(names = "--rig", required = true, description = "The rig, tcp://HOST:PORT.")
        String rig;

        @Parameters(index = "0", description = "drop-link, duplicate, reorder, delay, stall or clear.")
        String action;

        @Parameters(index = "1", arity = "0..1", description = "Probability (duplicate, reorder) or duration (delay, stall).")
        String value;

        @Override
        public Integer call() {
            RigControl.Builder control = RigControl.newBuilder();
            switch (action.toLowerCase(Locale.ROOT)) {
                case "drop-link" -> control.setAction(RigControl.Action.DROP_LINK);
                case "duplicate" -> control.setAction(RigControl.Action.DUPLICATE).setProbability(probability());
                case "reorder" -> control.setAction(RigControl.Action.REORDER).setProbability(probability());
                case "delay" -> control.setAction(RigControl.Action.DELAY).setDurationMillis(duration().toMillis());
                case "stall" -> control.setAction(RigControl.Action.STALL).setDurationMillis(duration().toMillis());
                case "clear" -> control.setAction(RigControl.Action.CLEAR);
                default -> {
                    System.err.println("pmr rig fault: unknown action '" + action
                            + "': expected drop-link, duplicate P, reorder P, delay DURATION, stall DURATION or clear");
                    return 2;
                }
            }
            String summary = RigControlClient.send(RigAddress.parse(rig), control.build(), Duration.ofSeconds(10));
            System.out.println("rig faults now: " + summary);
            return 0;
        }

        private double probability() {
            if (value == null) {
                throw new IllegalArgumentException(action + " needs a probability, e.g. 0.05");
            }
            return Double.parseDouble(value);
        }

        private Duration duration() {
            if (value == null) {
                throw new IllegalArgumentException(action + " needs a duration, e.g. 2s");
            }
            return TrtText.parse(value);
        }
    }
}
