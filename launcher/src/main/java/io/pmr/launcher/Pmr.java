package io.pmr.launcher;

import io.pmr.agent.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pmr} command: {@code demo}, {@code agent}, {@code collector}, {@code rig}, {@code credentials}, {@code decode}. */
@Command(name = "pmr", mixinStandardHelpOptions = true, versionProvider = Pmr.Version.class,
        description = "Edge measurement agents and a collector for the DCC monthly Performance Measurement Report.",
        subcommands = {DemoCommand.class, AgentCommand.class, CollectorCommand.class, RigCommand.class, CredentialsCommand.class,
                DecodeCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Pmr implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The whole command line: converters that say what they accept, one-line usage errors (exit
     * {@link ExitCode#USAGE}), and the exit codes listed in every command's help.
     */
    static CommandLine commandLine() {
        CommandLine cli = CliConverters.register(new CommandLine(new Pmr()))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(CliErrors::onParameterException)
                .setExecutionExceptionHandler(CliErrors::onExecutionException);
        listExitCodes(cli);
        return cli;
    }

    private static void listExitCodes(CommandLine cli) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        cli.getCommandSpec().versionProvider(new Version());
        cli.getSubcommands().values().forEach(Pmr::listExitCodes);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code pmr --version}: the build's version and git commit, as agents report it to the collector. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pmr " + BuildInfo.current()};
        }
    }
}
