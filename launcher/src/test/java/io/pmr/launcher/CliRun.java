package io.pmr.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code pmr} command lines as a user would (the real command tree of {@link Pmr#commandLine()}), keeping what
 * the last one printed to its out and to its err apart. One per test; not thread-safe.
 */
final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs one command line; returns its exit code. What an earlier run printed is forgotten. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** What the last command printed to its out. */
    String out() {
        return out.toString();
    }

    /** What the last command printed to its err. */
    String err() {
        return err.toString();
    }
}
