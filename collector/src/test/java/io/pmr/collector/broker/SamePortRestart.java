package io.pmr.collector.broker;

import java.net.BindException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A test's restart of an {@link EmbeddedBroker} on its port. Between the stop and the bind another socket (another
 * test JVM's outgoing connection, given this ephemeral port by the kernel) may hold the port for a while; the broker
 * then refuses the restart (its contract: down, and calling again retries, as its watchdog does on its next check).
 * The test does what the watchdog does: it calls again until the bind succeeds, for at most 10 s.
 */
final class SamePortRestart {
    private SamePortRestart() {
    }

    static void of(EmbeddedBroker broker) {
        await("embedded broker bound again to " + broker.url()).atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> restartedUnlessPortHeld(broker));
    }

    private static boolean restartedUnlessPortHeld(EmbeddedBroker broker) {
        try {
            broker.restart();
            return true;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof BindException) {
                return false;
            }
            throw e;
        }
    }
}
