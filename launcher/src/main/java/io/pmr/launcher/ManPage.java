package io.pmr.launcher;

import io.pmr.agent.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the {@code pmr(1)} man page (troff, {@code man -l pmr.1} renders it) from the command line itself: every
 * command and subcommand with its description, options and parameters, then the exit codes, so the page can never
 * disagree with {@code --help}. Run by the launcher's build at {@code package} (the release archive holds the page).
 * No date on the page: the same sources give the same bytes.
 */
final class ManPage {
    private ManPage() {
    }

    /** {@code ManPage FILE}: writes the page to FILE. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManPage FILE");
            System.exit(ExitCode.USAGE.code());
        }
        Path file = Path.of(args[0]);
        Files.writeString(file, render(Pmr.commandLine()), StandardCharsets.UTF_8);
    }

    static String render(CommandLine root) {
        StringBuilder out = new StringBuilder(32 * 1024);
        out.append(".TH PMR 1 \"\" \"pmr ").append(escape(BuildInfo.current().version())).append("\" \"pmr manual\"\n");
        out.append(".SH NAME\npmr \\- ").append(escape(firstLine(root.getCommandSpec()))).append('\n');
        out.append(".SH SYNOPSIS\n.B pmr\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n.B pmr\n\\-\\-version | \\-\\-help\n");
        out.append(".SH DESCRIPTION\n");
        paragraph(out, root.getCommandSpec().usageMessage().description());
        out.append("Every command takes \\fB\\-\\-help\\fR. Options of \\fBpmr collector\\fR and \\fBpmr agent\\fR may"
                + " also come from a properties file given with \\fB\\-\\-config\\fR \\fIFILE\\fR (keys are the long"
                + " option names without the dashes; a flag given on the command line wins).\n");
        out.append(".SH COMMANDS\n");
        for (CommandLine sub : root.getSubcommands().values()) {
            command(out, sub);
        }
        out.append(".SH EXIT STATUS\n");
        for (ExitCode exit : ExitCode.values()) {
            out.append(".TP\n.B ").append(exit.code()).append('\n').append(escape(exit.meaning())).append('\n');
        }
        out.append(".SH FILES\n.TP\n.I /etc/pmr/collector.properties, /etc/pmr/agent.properties\n"
                + "Settings read by the systemd units with \\fB\\-\\-config\\fR (deploy/systemd in the release).\n");
        out.append(".SH SEE ALSO\nREADME.md and docs/operations.md in the release archive;"
                + " deploy/grafana/pmr.json, the Grafana dashboard.\n");
        return out.toString();
    }

    private static void command(StringBuilder out, CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.usageMessage().hidden() || spec.name().equals("help")) {
            return;
        }
        out.append(".SS \"").append(escape(spec.qualifiedName())).append("\"\n");
        paragraph(out, spec.usageMessage().description());
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (!parameter.hidden()) {
                out.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n');
                out.append(escape(String.join(" ", parameter.description()))).append('\n');
            }
        }
        for (OptionSpec option : spec.options()) {
            if (option.hidden() || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            out.append(".TP\n");
            List<String> names = List.of(option.names());
            out.append("\\fB").append(escape(String.join(", ", names))).append("\\fR");
            if (option.arity().max() > 0) {
                out.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            out.append('\n').append(escape(String.join(" ", option.description()))).append('\n');
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            command(out, sub);
        }
    }

    private static void paragraph(StringBuilder out, String[] lines) {
        out.append(".PP\n");
        for (String line : lines) {
            out.append(escape(line)).append('\n');
        }
    }

    private static String firstLine(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length == 0 ? "" : description[0];
    }

    /** Backslashes and hyphens escaped; a line starting with a dot or quote protected from being a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-").replace("%n", " ").strip();
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
