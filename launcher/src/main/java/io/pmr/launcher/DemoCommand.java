package io.pmr.launcher;

import io.pmr.agent.AgentCounters;
import io.pmr.collector.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

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

    @Option(names = {"-q", "--quiet"}, description = "Print only the last lines (figures, verdict, report path) and warnings.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print the product's INFO logs (always in <out>/pmr.log) and every counter.")
    boolean verbose;

    @Override
    public Integer call() {
        if (quiet && verbose) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--quiet and --verbose: choose one");
        }
        DemoOptions options = DemoOptions.defaults(period, hubs, seed, out).withCatalogue(catalogue).withExternalBroker(brokerUrl)
                .withClassic(classic).withDeviceHubs(deviceHubs);
        java.io.PrintStream console = System.out;
        java.util.function.Consumer<String> say = quiet ? line -> { } : console::println;
        DemoRun.Result result;
        try (DemoLog log = DemoLog.open(out.resolve("pmr.log"), verbose)) {
            say.accept(String.format(Locale.ROOT, "pmr demo: period %s, %d hubs, seed %d, %s, output %s (log: %s)", period,
                    hubs, seed, classic ? "classic kinds" : "whole simulation", out.toAbsolutePath(), log.path()));
            result = DemoRun.run(options, say);
        } catch (DemoRun.Undelivered e) {
            System.err.println("pmr demo: " + e.getMessage());
            return ExitCode.UNACKNOWLEDGED.code();
        }
        if (!quiet) {
            console.println();
            console.print(ReportWriter.table(result.report()));
            console.println();
        }
        if (verbose) {
            for (AgentCounters counters : result.agents()) {
                console.println("agent " + counters);
            }
            console.println("collector " + result.collector());
            result.imported().forEach(line -> console.println("imported " + line));
        }
        return summary(console, result);
    }

    /** The last lines: what was written, the key figures, the verdict, and the report's path last. */
    private int summary(java.io.PrintStream console, DemoRun.Result result) {
        long acked = result.agents().stream().mapToLong(AgentCounters::acked).sum();
        long written = result.agents().stream().mapToLong(AgentCounters::envelopesWritten).sum();
        console.printf(Locale.ROOT, "wrote report.json, report.csv, report.html, ground-truth.json, the table CSVs and"
                + " hlog/ into %s; log: %s%n", out.toAbsolutePath(), out.resolve("pmr.log").toAbsolutePath());
        console.printf(Locale.ROOT, "%d agents: %,d observations measured, %,d of %,d envelopes acknowledged; collector:"
                + " %,d stored, %,d duplicates, %,d rejected; %d imports%n", result.agents().size(),
                result.observations(), acked, written, result.collector().stored(), result.collector().duplicates(),
                result.collector().rejected(), result.imported().size());
        int exit;
        if (result.oracle().matches()) {
            console.printf(Locale.ROOT, "ground truth check: all %d measures equal the rig's ground truth%n",
                    result.oracle().measuresCompared());
            exit = ExitCode.OK.code();
        } else {
            console.println("ground truth check FAILED:");
            result.oracle().mismatches().forEach(line -> console.println("  " + line));
            exit = ExitCode.GROUND_TRUTH_MISMATCH.code();
        }
        console.println("report: " + result.html().toAbsolutePath());
        return exit;
    }
}
