package io.pmr.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pmr bench}: benchmarks users can run on their own machine; each subcommand ends with its figure. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of pmr on this machine, each beside a baseline measured in the same run.",
                "Each one builds what it measures in a temporary folder and ends with its figure (docs/performance.md)."},
        subcommands = {BenchIngestCommand.class, BenchStoreCommand.class, BenchReportCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }
}
