package io.pmr.launcher;

/**
 * Runs a long-running command's stop (close the collector, the agent, the rig server) when the JVM is told to stop.
 * A SIGTERM that arrives while the command is still starting finds no hook yet and the JVM refuses new hooks once
 * shutting down ({@link IllegalStateException}, "Shutdown in progress", printed as a stack trace before this class):
 * {@link #install} then runs the stop at once on the caller's thread, so what was started is closed (the database
 * lock released, the outbox snapshotted) and the command returns {@link ExitCode#STOPPED_WHILE_STARTING}.
 */
final class StopHook {
    private StopHook() {
    }

    /**
     * Registers {@code stop} as a shutdown hook named {@code name}, or runs it now when the JVM is already stopping.
     *
     * @return true when registered; false when the JVM was stopping and {@code stop} has run
     */
    static boolean install(String name, Runnable stop) {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, name));
            return true;
        } catch (IllegalStateException shuttingDown) {
            System.err.println("pmr: stopped while starting; closing what was started");
            stop.run();
            return false;
        }
    }
}
