package io.pmr.launcher;

/**
 * A JVM that is already shutting down when a command installs its stop (as when SIGTERM arrives mid-start): the
 * install happens inside a shutdown hook, where the JVM refuses new hooks. Prints what happened for
 * {@link StopHookTest}.
 */
final class StopHookChild {
    private StopHookChild() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean installed = StopHook.install("late", () -> System.out.println("stop ran"));
            System.out.println("installed " + installed);
        }));
        System.out.println("exiting");
    }
}
