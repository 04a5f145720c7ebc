package io.pmr.collector.broker;

import io.pmr.testkit.SamePort;

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
        SamePort.startAgain("embedded broker bound again to " + broker.url(), broker::restart, () -> { });
    }
}
