package io.pmr.testkit;

import java.net.BindException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A test server started again on the port it had, which its clients reconnect to. Between its stop and the bind
 * another socket (another test JVM's outgoing connection, given this ephemeral port by the kernel) may hold the port
 * for a while: the start is called again while it fails for that reason (a {@link BindException} among its causes),
 * every 50 ms for at most 10 s. Any other failure ends the wait at once.
 */
public final class SamePort {
    /** One attempt to start on the port. */
    @FunctionalInterface
    public interface Start {
        void start() throws Exception;
    }

    private SamePort() {
    }

    /**
     * Calls {@code start} until it binds; {@code onHeld} runs after each attempt that found the port held (one at a
     * time: Awaitility evaluates one condition at a time).
     */
    public static void startAgain(String what, Start start, Runnable onHeld) {
        await(what).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    try {
                        start.start();
                        return true;
                    } catch (Exception e) {
                        if (!heldPort(e)) {
                            throw e;
                        }
                        onHeld.run();
                        return false;
                    }
                });
    }

    private static boolean heldPort(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
