package io.pmr.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * One OS process of the fault suite ({@code pmr rig|agent|collector ...} in its own JVM, or Mosquitto), with its
 * stdout and stderr appended to {@code NAME.out} / {@code NAME.err} in the run's folder (so a restarted process
 * keeps one log), and the signals the faults need: SIGKILL, SIGSTOP, SIGCONT, SIGTERM. Not thread-safe: the test
 * thread drives it.
 */
final class FaultProcess {
    /** What Mosquitto and {@code pmr collector} say when the port they bind is held by another socket. */
    static final String PORT_HELD = "Address already in use";

    private final String name;
    private final List<String> command;
    private final Path out;
    private final Path err;
    private Path log;
    private Process process;
    private volatile int portsHeld;
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();

    private FaultProcess(String name, List<String> command, Path dir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.out = dir.resolve(name + ".out");
        this.err = dir.resolve(name + ".err");
        this.log = out;
    }

    /** Reads this file instead of stdout in {@link #stdout} and {@link #awaitStdout} (Mosquitto logs unbuffered only to stderr). */
    FaultProcess logFile(Path file) {
        this.log = file;
        return this;
    }

    /** Adds these variables to the process's environment (e.g. libfaketime's {@code LD_PRELOAD}) at every start. */
    FaultProcess environment(java.util.Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** A {@code pmr} command in a fresh JVM on the test classpath; small heap, serial GC: five of them share 2 cores. */
    static FaultProcess pmr(String name, Path dir, List<String> args) {
        return pmr(name, dir, args, List.of());
    }

    /** The same, run by {@code wrapper} (e.g. {@code prlimit --nofile=N:N}), which then executes the JVM. */
    static FaultProcess pmr(String name, Path dir, List<String> args, List<String> wrapper) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.pmr.launcher.Pmr"));
        command.addAll(args);
        return new FaultProcess(name, command, dir);
    }

    static FaultProcess of(String name, Path dir, List<String> command) {
        return new FaultProcess(name, command, dir);
    }

    FaultProcess start() {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    /** The OS process id of the current start. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL (kill -9): no shutdown hook runs, nothing is flushed. Waits until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    /** SIGTERM: the shutdown hooks run (the collector prints its counters). */
    void terminate() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    void sigstop() {
        signal("-STOP");
    }

    void sigcont() {
        signal("-CONT");
    }

    private void signal(String which) {
        try {
            Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + which + " " + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 if it was still running at the timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String stdout() {
        return read(log);
    }

    String stderr() {
        return read(err);
    }

    /**
     * Starts the process and waits until stdout says it listens: a match of {@code listening}, whose group 1 is
     * returned. A process that binds a port it was given (found free by a probe, or its own before a stop) can find
     * it held for a while by another socket (another test JVM's outgoing connection, given that port by the kernel
     * in the moment between): it then exits for "Address already in use" and is started again, for 30 s more than
     * one start may take ({@code timeout}).
     */
    String startListening(String listening, Duration timeout) {
        String[] found = new String[1];
        await(name + " listening").atMost(timeout.plusSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    int outFrom = stdout().length();
                    int errFrom = stderr().length();
                    start();
                    try {
                        found[0] = awaitStdout(listening, outFrom, timeout);
                        return true;
                    } catch (IllegalStateException e) { // it exited
                        if ((stdout().substring(outFrom) + stderr().substring(errFrom)).contains(PORT_HELD)) {
                            portsHeld++; // Awaitility runs one condition at a time: one writer
                            return false;
                        }
                        throw e;
                    }
                });
        return found[0];
    }

    /** How many starts of {@link #startListening} found their port held by another socket. */
    int portsHeld() {
        return portsHeld;
    }

    /** Waits until stdout has a match of {@code regex} after {@code fromChar}; returns group 1. */
    String awaitStdout(String regex, int fromChar, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        String[] found = new String[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (process != null && !process.isAlive() && process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + tail(stderr()));
            }
            String text = stdout();
            Matcher matcher = pattern.matcher(text.substring(Math.min(fromChar, text.length())));
            if (matcher.find()) {
                found[0] = matcher.group(1);
                return true;
            }
            return false;
        });
        return found[0];
    }

    /** The last lines of both logs, for a failure message. */
    String tails() {
        return "---- " + name + ".out\n" + tail(stdout()) + "---- " + name + ".err\n" + tail(stderr());
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        StringBuilder tail = new StringBuilder();
        for (int i = Math.max(0, lines.length - 15); i < lines.length; i++) {
            tail.append(lines[i]).append('\n');
        }
        return tail.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
