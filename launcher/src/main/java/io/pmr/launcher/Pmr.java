package io.pmr.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pmr} command: {@code demo}, {@code agent}, {@code collector}, {@code rig}. */
@Command(name = "pmr", mixinStandardHelpOptions = true, version = "pmr 0.1.0",
        description = "Edge measurement agents and a collector for the DCC monthly Performance Measurement Report.",
        subcommands = {DemoCommand.class, AgentCommand.class, CollectorCommand.class, RigCommand.class, CredentialsCommand.class,
                CommandLine.HelpCommand.class})
public final class Pmr implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Pmr())
                .registerConverter(java.time.YearMonth.class, java.time.YearMonth::parse)
                .registerConverter(java.time.Duration.class, TrtText::parse)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
