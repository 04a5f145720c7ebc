package io.pmr.hardware.sim;

import io.pmr.hardware.CommandListener;
import io.pmr.hardware.CommandPort;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process {@link CommandPort} that answers each test command after a latency drawn from a seeded
 * distribution per region and kind: a share is lost (never answered); the rest come from a lognormal body
 * around a median or, with the tail share, uniformly from 0.8 x TRT to the tail maximum; a share of the
 * responses report a failure.
 *
 * <p>Responses are delivered by tasks on the {@link ScheduledExecutorService} passed in, delayed by the
 * drawn latency as measured by the {@link TimeSource} passed in, so a test drives it with a virtual clock
 * and a manual scheduler. The response timestamp is the due time (send reading + drawn latency), not the
 * moment the scheduler got round to the task, so a seed gives the same latencies whatever the scheduler's
 * jitter. {@link #stall(Duration)} holds every response that falls due during the stall until it ends:
 * such a response carries the stall's end as timestamp.
 *
 * <p>Determinism: each kind has its own random stream derived from (seed, region, kind), drawn in the
 * order of {@link #send} calls; the same seed and the same sends give the same responses.
 *
 * <p>Threading: {@code send}, {@code stall}, {@code attach} and {@code close} may be called from any
 * thread; the listener is called from the scheduler's threads, one call at a time. The scheduler is not
 * owned: {@link #close()} does not shut it down.
 */
public final class SimulatedResponder implements CommandPort {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedResponder.class);

    /**
     * How one kind's latencies are drawn.
     *
     * @param median             median of the lognormal body
     * @param sigma              standard deviation of the body's logarithm
     * @param tailShare          probability that an answered command's latency comes from the tail
     * @param tailMaxTrtFraction the tail spans 0.8 x TRT to this x TRT; also caps every latency
     * @param lostShare          probability that a command is never answered
     * @param failedShare        probability that a response reports {@code success=false}
     */
    public record Latency(Duration median, double sigma, double tailShare, double tailMaxTrtFraction,
                          double lostShare, double failedShare) {

        public Latency {
            if (median == null || median.isNegative() || median.isZero()) {
                throw new IllegalArgumentException("median must be positive, got " + median);
            }
            requireIn("sigma", sigma, 0.0, 3.0);
            requireIn("tailShare", tailShare, 0.0, 1.0);
            requireIn("tailMaxTrtFraction", tailMaxTrtFraction, 0.8, 10.0);
            requireIn("lostShare", lostShare, 0.0, 1.0);
            requireIn("failedShare", failedShare, 0.0, 1.0);
        }

        /**
         * The defaults for a kind: median 12% of the TRT (3 s for RTT4's 25 s), sigma 0.5, a 2% tail up
         * to 2 x TRT, 0.5% lost, no failures.
         */
        public static Latency defaults(EventKind kind) {
            return new Latency(kind.defaultTrt().multipliedBy(12).dividedBy(100), 0.5, 0.02, 2.0, 0.005, 0.0);
        }

        /** {@link #defaults(EventKind)} for every kind. */
        public static Map<EventKind, Latency> defaultsByKind() {
            EnumMap<EventKind, Latency> map = new EnumMap<>(EventKind.class);
            for (EventKind kind : EventKind.all()) {
                map.put(kind, defaults(kind));
            }
            return map;
        }

        private static void requireIn(String field, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + value);
            }
        }
    }

    private final Region region;
    private final TimeSource time;
    private final ScheduledExecutorService scheduler;
    private final Map<EventKind, Latency> latencies;
    private final EnumMap<EventKind, SplitMix64> randoms = new EnumMap<>(EventKind.class);
    private final Object deliveryLock = new Object();
    private volatile CommandListener listener;
    private volatile boolean closed;
    private volatile long stallUntilEpochNanos = Long.MIN_VALUE;

    /**
     * @param region    the region served; part of the random streams' derivation
     * @param seed      base seed of the random streams
     * @param latencies per kind, how latencies are drawn; a kind without an entry uses its defaults
     * @param time      the clock of send readings and response timestamps
     * @param scheduler runs the deliveries; not owned
     */
    public SimulatedResponder(Region region, long seed, Map<EventKind, Latency> latencies, TimeSource time,
                              ScheduledExecutorService scheduler) {
        if (region == null || latencies == null || time == null || scheduler == null) {
            throw new IllegalArgumentException("region, latencies, time and scheduler must not be null");
        }
        this.region = region;
        this.time = time;
        this.scheduler = scheduler;
        EnumMap<EventKind, Latency> copy = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.all()) {
            Latency latency = latencies.get(kind);
            copy.put(kind, latency == null ? Latency.defaults(kind) : latency);
            randoms.put(kind, new SplitMix64(SplitMix64.derive(seed, region.ordinal(), kind.ordinal())));
        }
        this.latencies = Collections.unmodifiableMap(copy);
    }

    /** A responder with {@link Latency#defaults(EventKind)} for every kind. */
    public static SimulatedResponder withDefaults(Region region, long seed, TimeSource time,
                                                  ScheduledExecutorService scheduler) {
        return new SimulatedResponder(region, seed, Map.of(), time, scheduler);
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public TimeSource timeSource() {
        return time;
    }

    @Override
    public void attach(CommandListener newListener) {
        if (newListener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        synchronized (deliveryLock) {
            if (closed) {
                throw new IllegalStateException("responder " + region + " is closed");
            }
            if (listener != null) {
                throw new IllegalStateException("responder " + region + " already has a listener");
            }
            listener = newListener;
        }
    }

    @Override
    public void send(long commandId, EventKind kind) {
        if (closed) {
            LOG.debug("responder {} closed: command {} ignored", region, commandId);
            return;
        }
        long sentEpochNanos = time.epochNanos();
        long latencyNanos;
        boolean success;
        synchronized (randoms) {
            latencyNanos = draw(kind, randoms.get(kind));
            success = latencyNanos >= 0 && randoms.get(kind).nextDouble() >= latencies.get(kind).failedShare();
        }
        if (latencyNanos < 0) {
            return;
        }
        long dueEpochNanos = sentEpochNanos + latencyNanos;
        scheduleDelivery(commandId, dueEpochNanos, success);
    }

    /**
     * Holds every response that falls due from now until now + {@code duration}; they are delivered when
     * the stall ends, with its end as timestamp. A stall during a stall extends it.
     */
    public void stall(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        long until = time.epochNanos() + duration.toNanos();
        synchronized (deliveryLock) {
            stallUntilEpochNanos = Math.max(stallUntilEpochNanos, until);
        }
        LOG.info("responder {} stalled until epoch nanos {}", region, until);
    }

    @Override
    public void close() {
        synchronized (deliveryLock) {
            closed = true;
            listener = null;
        }
    }

    /** Latency in nanoseconds, or -1 for a lost command. Draws a fixed number of values per outcome. */
    private long draw(EventKind kind, SplitMix64 random) {
        Latency latency = latencies.get(kind);
        double trtNanos = kind.defaultTrt().toNanos();
        if (random.nextDouble() < latency.lostShare()) {
            return -1;
        }
        double maxNanos = latency.tailMaxTrtFraction() * trtNanos;
        double nanos;
        if (random.nextDouble() < latency.tailShare()) {
            double minNanos = 0.8 * trtNanos;
            nanos = minNanos + random.nextDouble() * (maxNanos - minNanos);
        } else {
            nanos = latency.median().toNanos() * StrictMath.exp(latency.sigma() * random.nextGaussian());
        }
        return (long) Math.min(nanos, maxNanos);
    }

    private void scheduleDelivery(long commandId, long dueEpochNanos, boolean success) {
        long delayNanos = Math.max(0, dueEpochNanos - time.epochNanos());
        scheduler.schedule(() -> deliver(commandId, dueEpochNanos, success), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void deliver(long commandId, long dueEpochNanos, boolean success) {
        synchronized (deliveryLock) {
            long stallEnd = stallUntilEpochNanos;
            if (dueEpochNanos < stallEnd && time.epochNanos() < stallEnd) {
                // due during the stall: held until it ends, then seen at its end
                scheduleDelivery(commandId, stallEnd, success);
                return;
            }
            CommandListener target = listener;
            if (target == null) {
                LOG.debug("responder {}: no listener, response to {} dropped", region, commandId);
                return;
            }
            target.onResponse(commandId, dueEpochNanos, success);
        }
    }
}
