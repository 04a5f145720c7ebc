package io.pmr.launcher;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.net.BindException;

/**
 * What the user sees when a command line or a command fails: one line on stderr naming the command and what was
 * wrong (for a bad option, the option and what it accepts), then where help is; no usage dump, no stack trace. Exit
 * codes are {@link ExitCode}'s.
 */
final class CliErrors {
    private CliErrors() {
    }

    /** A bad or missing option or argument, found by picocli: {@link ExitCode#USAGE}. */
    static int onParameterException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        err.println(command + ": " + oneLine(e.getMessage()));
        err.println("(see '" + command + " --help')");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /**
     * An exception out of a command. An {@link IllegalArgumentException} is a value a settings record refused (its
     * message names the field, shown as its option where the command says which: {@link FieldOptions}): a usage error. So is an address a command was told to listen on and cannot bind (in
     * use, or not this machine's: a {@link BindException} among the causes; the message names the address, e.g. the
     * collector's {@code --port} or {@code --http}, the rig's {@code --listen}); what the command had started is closed
     * by the code that threw. Anything else is a bug: one line, and the stack trace for the report.
     */
    static int onExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        if (e instanceof IllegalArgumentException || bindFailure(e)) {
            err.println(command + ": " + oneLine(FieldOptions.named(cli.getCommand(), e.getMessage())));
            err.println("(see '" + command + " --help')");
            err.flush();
            return ExitCode.USAGE.code();
        }
        err.println(command + ": internal error: " + oneLine(String.valueOf(e)));
        e.printStackTrace(err);
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    private static boolean bindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a file operation failed, in words ({@code no space left on device}, {@code permission denied}), never an
     * exception's class or the bare path Java gives as the message of some of them.
     */
    static String fileProblem(java.io.IOException e) {
        if (!(e instanceof java.nio.file.FileSystemException fs)) {
            return oneLine(e.getMessage());
        }
        String what;
        if (fs instanceof java.nio.file.NoSuchFileException) {
            what = "no such file or directory";
        } else if (fs instanceof java.nio.file.AccessDeniedException) {
            what = "permission denied";
        } else if (fs instanceof java.nio.file.DirectoryNotEmptyException) {
            what = "a directory that is not empty is in the way";
        } else if (fs instanceof java.nio.file.NotDirectoryException
                || fs instanceof java.nio.file.FileAlreadyExistsException) {
            what = "a file is in the way, not a directory";
        } else {
            what = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
        }
        return oneLine(what).toLowerCase(java.util.Locale.ROOT);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
