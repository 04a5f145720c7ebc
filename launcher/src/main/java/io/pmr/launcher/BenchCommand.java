package io.pmr.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pmr bench}: benchmarks a user can run on their own machine; each prints the figure it measured. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that measure pmr beside a baseline in the same run (see docs/performance.md).",
        subcommands = {BenchIngestCommand.class, BenchStoreCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
