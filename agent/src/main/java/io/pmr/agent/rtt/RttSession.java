package io.pmr.agent.rtt;

import io.pmr.hardware.CommandListener;
import io.pmr.hardware.CommandPort;
import io.pmr.hardware.TimeSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A live round-trip measurement: sends test commands through a {@link CommandPort} on a fixed schedule
 * (command i at start + i / rate, never waiting for replies) and measures each from its <em>intended</em>
 * send time, so a stalled rig or a late sender shows in the latencies (no coordinated omission).
 *
 * <p>Verdicts follow the architecture's rules, from exact nanosecond values (kept per command by {@link RttLedger}):
 * a successful response with latency at or under a TRT is within it; a command with no response by intended send +
 * max TRT (clock strictly past) is lost, and a response after that is counted as late and changes nothing.
 * Like wrk2, the session ends at a fixed time: {@code duration + grace} after the start it stops, and
 * commands still pending then (sent less than the max TRT ago) are counted as <em>unanswered at stop</em>,
 * without a verdict, apart from the lost ones. It ends earlier, once every command is sent and settled.
 * Latencies (successful or failed responses) go into HdrHistograms in nanoseconds, 3 significant
 * digits, auto-resizing: one accumulated since the start, one per interval for the {@code .hlog}
 * (see {@link RttIntervals}).
 *
 * <p>Threading: sends, loss sweeps and interval reports run as tasks on the scheduler passed in
 * (a single thread is enough); responses come on the port's delivery thread (which ends the session if one
 * settles the last command). Every piece of state is
 * guarded by one lock, held only for the bookkeeping of one command or one snapshot; the port is never
 * called with the lock held. {@link #snapshot()}, {@link #writeSummary}, {@link #stop()} and
 * {@link #close()} may be called from any thread.
 */
public final class RttSession implements CommandListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RttSession.class);

    private final CommandPort port;
    private final RttSettings settings;
    private final TimeSource time;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Snapshot> onInterval;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lock = new Object();
    // not thread-safe: used with the lock held, and every field below is guarded by it
    private final RttLedger ledger;
    private final RttIntervals intervals;

    private long startEpochNanos;
    private boolean started;
    private boolean stopped;
    private boolean ended;
    private long sendLimit;
    private ScheduledFuture<?> tickTask;
    private ScheduledFuture<?> intervalTask;

    /**
     * @param port       the rig; this session attaches itself as its listener on {@link #start()}
     * @param settings   rate, duration, grace, TRTs and report interval
     * @param time       the clock of the schedule; must be the port's clock or agree with it
     * @param scheduler  runs sends, sweeps and interval reports; not owned (not shut down here)
     * @param onInterval called on the scheduler after each interval with the running totals (for the
     *                   live line); must not block
     * @param hlog       receives the header and one interval histogram per report interval, or null for
     *                   no log; nothing may have been written to it; the caller closes the underlying
     *                   stream after {@link #close()}
     */
    public RttSession(CommandPort port, RttSettings settings, TimeSource time, ScheduledExecutorService scheduler,
                      Consumer<Snapshot> onInterval, HistogramLogWriter hlog) {
        if (port == null || settings == null || time == null || scheduler == null || onInterval == null) {
            throw new IllegalArgumentException("port, settings, time, scheduler and onInterval must not be null");
        }
        this.port = port;
        this.settings = settings;
        this.time = time;
        this.scheduler = scheduler;
        this.onInterval = onInterval;
        this.ledger = new RttLedger(settings);
        this.intervals = new RttIntervals(new IntervalLog(hlog), settings.reportInterval().toNanos());
        this.sendLimit = settings.commandCount();
    }

    /** Attaches to the port, writes the hlog header and schedules the first send now. Once only. */
    public void start() {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("session already started");
            }
            started = true;
            startEpochNanos = time.epochNanos();
            intervals.start(startEpochNanos, String.format(java.util.Locale.ROOT, "pmr agent rtt: %s at %s/s,"
                    + " round-trip latencies in nanoseconds from intended send times", settings.kind(),
                    settings.commandsPerSecond()));
        }
        port.attach(this);
        LOG.info("rtt session on {}: {} {} commands at {}/s, TRTs {}, stops after {} + grace {}", port.region(),
                settings.commandCount(), settings.kind(), settings.commandsPerSecond(), settings.trts(),
                settings.duration(), settings.grace());
        synchronized (lock) {
            tickTask = scheduler.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
            intervalTask = scheduler.schedule(this::reportInterval, settings.reportInterval().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onResponse(long commandId, long responseEpochNanos, boolean success) {
        synchronized (lock) {
            long latencyNanos = responseEpochNanos - intendedEpochNanos(commandId);
            switch (ledger.respond(commandId, latencyNanos, success)) {
                case UNKNOWN -> LOG.warn("rtt response for unknown command {} at {} rejected", commandId,
                        responseEpochNanos);
                case DUPLICATE -> LOG.warn("rtt response for command {} rejected: duplicate (latency {} ns)",
                        commandId, latencyNanos);
                case BEFORE_SEND -> LOG.warn("rtt response for command {} rejected: before its send (latency {} ns)",
                        commandId, latencyNanos);
                case LATE -> { }
                case LOST -> endIfSettled();
                case ANSWERED -> {
                    intervals.record(latencyNanos);
                    endIfSettled();
                }
            }
        }
    }

    /** Ends now if the last command is sent and settled: the sweep sleeps till a deadline. Caller holds the lock. */
    private void endIfSettled() {
        if (started && !ended && ledger.sent() >= sendLimit && ledger.allSettled()) {
            if (tickTask != null) {
                tickTask.cancel(false);
            }
            end();
        }
    }

    /** The running totals since the start. */
    public Snapshot snapshot() {
        synchronized (lock) {
            long elapsed = started ? time.epochNanos() - startEpochNanos : 0;
            return ledger.snapshot(elapsed, ledger.sent() >= sendLimit,
                    ended ? 0 : Math.max(0, settings.stopOffsetNanos() - elapsed));
        }
    }

    /** One line of running totals, {@link java.util.Locale#ROOT} formatting, latencies in milliseconds. */
    public String liveLine(Snapshot snapshot) {
        return RttFormat.liveLine(snapshot);
    }

    /**
     * Prints a line naming the unit, the accumulated histogram in HdrHistogram's percentile-distribution
     * format ({@code outputPercentileDistribution}, values in milliseconds), then the within-TRT shares
     * and the counts of sent, answered, failed, lost, unanswered at stop, late and rejected.
     */
    public void writeSummary(PrintStream out) {
        Histogram copy;
        synchronized (lock) {
            copy = ledger.histogramCopy();
        }
        out.println("Round-trip latency in milliseconds, from each command's intended send time:");
        copy.outputPercentileDistribution(out, 1_000_000.0);
        out.print(RttFormat.summaryTail(snapshot()));
        out.flush();
    }

    /**
     * True once every command is sent (or sending stopped) and each sent one is answered or lost, or the
     * session stopped at duration + grace, or it was closed.
     */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Waits (in real time) until {@link #isFinished()}; false if the timeout passed first. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops sending (for an early end); commands already sent are still answered or lost, so the session
     * finishes at the latest max TRT after the last send, or at duration + grace.
     */
    public void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            sendLimit = ledger.sent();
            if (started && !ended) {
                if (tickTask != null) {
                    tickTask.cancel(false);
                }
                tickTask = scheduler.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
            }
        }
        LOG.info("rtt session stopped after {} of {} commands", sendLimit, settings.commandCount());
    }

    /**
     * Stops sending and the scheduled tasks, counts commands still pending as unanswered at stop, and
     * logs the last, partial interval. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            stopped = true;
            sendLimit = ledger.sent();
            if (tickTask != null) {
                tickTask.cancel(false);
                tickTask = null;
            }
            if (started && !ended) {
                end();
            }
        }
        port.close();
    }

    private long intendedEpochNanos(long index) {
        return startEpochNanos + settings.intendedOffsetNanos(index);
    }

    /** Sends every command due by now, declares lost those past their deadline, and reschedules. */
    private void tick() {
        long now = time.epochNanos();
        while (true) {
            long id;
            synchronized (lock) {
                if (ended) {
                    return;
                }
                if (ledger.sent() >= sendLimit || intendedEpochNanos(ledger.sent()) > now) {
                    break;
                }
                id = ledger.markSent();
            }
            port.send(id, settings.kind());
        }
        synchronized (lock) {
            if (ended) {
                return;
            }
            ledger.sweepLost(now - startEpochNanos);
            long stopAt = startEpochNanos + settings.stopOffsetNanos();
            if (now >= stopAt) {
                end();
                return;
            }
            long wake = Long.MAX_VALUE;
            if (ledger.sent() < sendLimit) {
                wake = intendedEpochNanos(ledger.sent());
            }
            long lossOffset = ledger.nextLossOffsetNanos();
            if (lossOffset >= 0) {
                wake = Math.min(wake, startEpochNanos + lossOffset);
            }
            if (wake == Long.MAX_VALUE) {
                end();
            } else {
                tickTask = scheduler.schedule(this::tick, Math.max(0, Math.min(wake, stopAt) - now), TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Ends the session: what is still pending is unanswered at stop, the last interval is logged, and
     * {@link #isFinished()} turns true. Caller holds the lock.
     */
    private void end() {
        ended = true;
        tickTask = null;
        ledger.settlePendingAsUnanswered();
        if (intervalTask != null) {
            intervalTask.cancel(false);
        }
        intervals.finish(time.epochNanos());
        finished.countDown();
        LOG.info("rtt session finished: {}", ledger);
    }

    /** Logs the interval due now and schedules the next report, then passes the running totals on. */
    private void reportInterval() {
        synchronized (lock) {
            if (intervals.isFinished()) {
                return;
            }
            long nextEndEpochNanos = intervals.closeScheduled();
            intervalTask = scheduler.schedule(this::reportInterval,
                    Math.max(0, nextEndEpochNanos - time.epochNanos()), TimeUnit.NANOSECONDS);
        }
        onInterval.accept(snapshot());
    }
}
