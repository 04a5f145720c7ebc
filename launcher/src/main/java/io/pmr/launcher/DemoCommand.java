package io.pmr.launcher;

import io.pmr.agent.AgentCounters;
import io.pmr.collector.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;

/** {@code pmr demo}: the whole chain on embedded defaults, one month on a virtual clock. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole chain for one simulated month and checks every figure against the ground truth.",
                "Runs the collector (embedded broker and store), the simulated rig and one agent per region",
                "as separate MQTT clients on loopback, for a whole month on a virtual clock; writes",
                "report.json, report.csv and ground-truth.json, prints the month's table and checks every",
                "figure against the rig's ground truth (exit 3 if any differs)."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--period", defaultValue = "2020-09", description = "Report month, yyyy-MM (default ${DEFAULT-VALUE}).")
    YearMonth period;

    @Option(names = "--hubs", defaultValue = "300", description = "Simulated communications hubs, split across North, Central, South (default ${DEFAULT-VALUE}).")
    int hubs;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the simulated rig (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "out", description = "Output folder (default ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--catalogue", description = "Measure catalogue: a folder (measures.csv and friends) or a measures CSV (default: the shipped one).")
    Path catalogue;

    @Option(names = "--broker-url", description = "Use this external MQTT broker instead of the embedded one, e.g. tcp://127.0.0.1:1883.")
    String brokerUrl;

    @Option(names = "--classic", description = "Only the five classic kinds (RTT2/3/4, CAT2, CAT3), power outages imported; default: the whole simulation, every kind measured by the agents.")
    boolean classic;

    @Option(names = "--device-hubs", defaultValue = "6000", description = "Whole simulation: hubs per region that receive firmware payloads and lose power (default ${DEFAULT-VALUE}).")
    int deviceHubs;

    @Override
    public Integer call() {
        DemoOptions options = DemoOptions.defaults(period, hubs, seed, out).withCatalogue(catalogue).withExternalBroker(brokerUrl)
                .withClassic(classic).withDeviceHubs(deviceHubs);
        System.out.printf("pmr demo: period %s, %d hubs, seed %d, %s, output %s%n", period, hubs, seed,
                classic ? "classic kinds" : "whole simulation", out.toAbsolutePath());
        DemoRun.Result result = DemoRun.run(options);
        System.out.println();
        System.out.print(ReportWriter.table(result.report()));
        System.out.println();
        System.out.printf("rig observations delivered: %d%n", result.observations());
        for (AgentCounters counters : result.agents()) {
            System.out.println("agent " + counters);
        }
        System.out.println("collector " + result.collector());
        result.imported().forEach(line -> System.out.println("imported " + line));
        System.out.printf("wrote %s, %s, %s and the table CSVs (credits, credits history, incidents, aged open and re-opened"
                + " incidents, commentary, power outages, exclusions, missing)%n",
                out.resolve("report.json"), out.resolve("report.csv"), out.resolve("ground-truth.json"));
        System.out.printf("wrote report.html, the .hlog files (hlog/) and the page's CSVs into %s%n", out);
        System.out.println("report: " + result.html().toAbsolutePath());
        if (result.oracle().matches()) {
            System.out.printf("ground truth check: all %d measures equal the rig's ground truth%n", result.oracle().measuresCompared());
            return 0;
        }
        System.out.println("ground truth check FAILED:");
        result.oracle().mismatches().forEach(line -> System.out.println("  " + line));
        return ExitCode.GROUND_TRUTH_MISMATCH.code();
    }
}
