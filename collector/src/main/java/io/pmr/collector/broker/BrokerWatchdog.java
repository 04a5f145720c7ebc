package io.pmr.collector.broker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the embedded broker when one of its session loops has died. Moquette 0.17 loses a "Session Executor"
 * thread for good when a command throws (seen: {@code IllegalArgumentException: increment : 0} in
 * {@code PostOffice.publish2Subscribers} when a QoS 1 publisher's connection vanishes mid-publish or a PUBLISH is
 * re-sent with DUP; moquette-io/moquette#750, #961, fixed after 0.17 by #957). Every client hashed to that loop, the
 * collector's own ingest included, is then never served again, and nothing else would ever notice.
 *
 * <p>Every {@code period} the watchdog asks its {@link LoopProbe}; on a dead loop it logs one ERROR naming the loops
 * and calls {@link EmbeddedBroker#restart()} (same host, port, settings and security). Clients reconnect by themselves:
 * agents replay their outboxes, and the ingest subscribes again. Nothing is lost, because agents delete nothing
 * before the collector's Ack after commit. A restart that fails (port not yet free) is retried on the next check.
 *
 * <p>Threading: checks run on the scheduler passed in (one at a time: fixed delay); {@link #restarts()} from any
 * thread. {@link #close()} stops the checks; it does not shut the scheduler down (its owner does).
 */
public final class BrokerWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatchdog.class);
    /** How often the default collector wiring checks: a dead loop costs at most this much delay before a restart. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    /** Tells which of the broker's session loops are dead. */
    @FunctionalInterface
    public interface LoopProbe {
        /** Names of the dead session loops of the running broker; empty when all run. Must not block. */
        List<String> deadLoops();
    }

    private final EmbeddedBroker broker;
    private final LoopProbe probe;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong failedRestarts = new AtomicLong();
    private final ScheduledFuture<?> checks;
    private boolean failureReported;

    private BrokerWatchdog(EmbeddedBroker broker, LoopProbe probe, ScheduledExecutorService scheduler,
            Duration period) {
        this.broker = broker;
        this.probe = probe;
        long periodMillis = period.toMillis();
        this.checks = scheduler.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching.
     *
     * @param probe  tells dead loops; {@code broker::deadSessionLoops} in production, a stand-in in tests
     * @param period time between checks, at least 1 ms
     */
    public static BrokerWatchdog start(EmbeddedBroker broker, LoopProbe probe, ScheduledExecutorService scheduler,
            Duration period) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(scheduler, "scheduler");
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("period must be at least 1 ms, was " + period);
        }
        return new BrokerWatchdog(broker, probe, scheduler, period);
    }

    /** Broker restarts done since start because a session loop had died. */
    public long restarts() {
        return restarts.get();
    }

    /** Restart attempts that failed (each is retried at the next check). */
    public long failedRestarts() {
        return failedRestarts.get();
    }

    private void check() {
        // Never throw: an exception would cancel the periodic checks for good, the very failure watched for here.
        try {
            List<String> dead = probe.deadLoops();
            if (dead.isEmpty()) {
                return;
            }
            if (!failureReported) {
                LOG.error("Embedded MQTT broker {}: session loop(s) {} died (Moquette 0.17 never replaces one, and "
                        + "every client hashed to it, the ingest included, would never be served again): restarting "
                        + "the broker on the same port (restart {}); clients reconnect and agents re-send what is "
                        + "unacknowledged", broker.url(), dead, restarts.get() + 1);
            }
            broker.restart();
            restarts.incrementAndGet();
            failureReported = false;
        } catch (RuntimeException e) {
            failedRestarts.incrementAndGet();
            if (!failureReported) {
                failureReported = true;
                LOG.error("Embedded MQTT broker {}: restart failed ({}); retrying every check, reported once",
                        broker.url(), e.toString());
            } else {
                LOG.debug("Embedded MQTT broker {}: restart failed again ({})", broker.url(), e.toString());
            }
        }
    }

    /** Stops the checks (a check already running finishes). */
    @Override
    public void close() {
        checks.cancel(false);
    }
}
