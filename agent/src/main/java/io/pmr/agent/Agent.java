package io.pmr.agent;

import io.pmr.agent.correlate.CorrelatorCounts;
import io.pmr.agent.publish.PublishConfig;
import io.pmr.agent.publish.Publisher;
import io.pmr.agent.spool.BootEpochs;
import io.pmr.agent.spool.OrphanedDataDirException;
import io.pmr.agent.spool.Outbox;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.TimeSource;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * One measurement agent: correlates and records what a {@link HanPort} sees, closes final one-minute
 * intervals, writes them durably to its outbox and sends them to the collector over MQTT until
 * acknowledged.
 *
 * <p>Made of three parts: {@link Recovery} (what the last run left in the data dir, at start), {@link Measuring}
 * (correlate, record, close, write to the outbox) and the sender ({@link Publisher}: connection, send window,
 * re-sends, acks).
 *
 * <p>Threading: one thread of control ({@link AgentLoop}, named {@code pmr-agent-loop-<agentId>}) owns the measuring
 * state. The port's observations, the driver's {@link #tick()}, {@link #flush()}, {@link #awaitRoom} and {@link #close()},
 * and the collector's Acks reach it through one queue, in arrival order. The port's listener calls, {@link #tick()}
 * (or {@link #tickAll}),
 * {@link #flush()}, {@link #awaitRoom} and {@link #close()} come from one driver thread; tick, flush and close return
 * once the thread of control has done them (and every observation before them), so the driver sees the same
 * results as if it had run them itself. {@link #outboxSize()}, {@link #isConnected()}, {@link #counters()},
 * {@link #backPressured()} and {@link #bootEpoch()} may be called from any thread. MQTT work (reconnects, replays,
 * re-sends) runs on the given scheduler and Paho's threads.
 *
 * <p>Durability: an interval batch is in the outbox (fsynced) before it is published, and leaves it only
 * when the collector's Ack lists it; it is replayed after reconnects and restarts. Per-device records
 * ({@link io.pmr.hardware.EventKind#perDevice()} kinds, when the settings list them) travel inside the
 * interval batches, in the batch written when they became final, so no watermark is sent before the records
 * it covers; until a batch holding them is in the outbox they are kept in memory, and at a graceful stop the
 * events still pending go to {@code pending.bin} with their device and group ids: each final event gives
 * exactly one record, with the message id the port gave it.
 *
 * <p>Availability probes ({@link EventKind#availabilityProbe()}) become down windows ({@link DownWindows}): a closed
 * window travels in the next batch; an open one holds its measure's watermark back, and at a graceful stop its start
 * goes to {@code open-windows.bin} so the next start continues it (the time the agent was stopped counts as down
 * when the window was open then, as up otherwise: the agent saw no probe in between).
 *
 * <p>Crashes ({@code kill -9}, power cut): sequence numbers and the outbox survive by construction. An unclean stop
 * is detected at the next start (the marker {@code agent.running} is still there) and logged. With
 * {@link AgentSettings#replayFromStart()} the port delivers its source again from the beginning and the agent
 * recomputes everything, writing only the final intervals the outbox's sent-interval ledger does not hold
 * ({@link Outbox#alreadyWritten}): interval reports are additive at the collector, so none is written twice, and
 * none written before the crash is missing. Per-device records (deduplicated by the collector by measure, device
 * id and message id), down windows (unioned) and watermarks (the collector keeps the highest) are re-sent as they
 * are recomputed: harmless.
 *
 * <p>Back-pressure: when the outbox is full or the disk refuses a write, final intervals stay in memory (never
 * dropped), {@link #backPressured()} turns true, one WARN opens the episode and a counter counts each refusal.
 * Drivers then stop consuming their source and call {@link #awaitRoom(Duration)}, which writes the waiting
 * intervals as soon as acknowledgements free room.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** What the agent reports as its software version: the build's, as {@code pmr --version} prints it. */
    static final String SOFTWARE_VERSION = BuildInfo.current().toString();

    private final AgentSettings settings;
    private final TimeSource time;
    private final Outbox outbox;
    private final boolean uncleanStart;
    private final Measuring measuring;
    private final Publisher publisher;
    private final AgentLoop loop;
    private boolean closed;

    private Agent(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            BootEpochs bootEpochs) throws IOException, MqttException {
        this.settings = settings;
        this.time = port.timeSource();
        if (port.region() != settings.region()) {
            throw new IllegalArgumentException("region " + settings.region() + " of the settings differs from region "
                    + port.region() + " of the port");
        }
        Recovery.Found found = Recovery.run(settings, bootEpochs);
        this.outbox = found.outbox();
        this.uncleanStart = found.uncleanStart();
        // Measuring, the sender and the loop refer to each other; each reference is set before anything can use it
        // (nothing is written before the loop runs, no Ack arrives before publisher.start()).
        Publisher[] sender = new Publisher[1];
        this.measuring = new Measuring(settings, outbox, time.epochNanos(), written -> sender[0].send(written));
        Envelope lastWill = measuring.statusBody(AgentStatus.State.OFFLINE_UNEXPECTED, time.epochMillis())
                .setAgentId(settings.agentId()).setBootEpoch(found.sequences().bootEpoch())
                .setSequence(found.sequences().next())
                .build();
        PublishConfig config = new PublishConfig(settings.agentId(), settings.brokerUrl(),
                settings.resendAfter().toNanos(), settings.publishCopies(), settings.security());
        AgentLoop[] loopRef = new AgentLoop[1];
        this.publisher = new Publisher(config, outbox, scheduler, nanoClock,
                () -> measuring.statusBody(AgentStatus.State.ONLINE, time.epochMillis()), lastWill.toByteArray(),
                (topic, payload) -> loopRef[0].ackArrived(topic, payload), measuring.configUpdates());
        sender[0] = publisher;
        RestartCarryover.resume(settings, measuring.downWindows(), measuring.listener());
        this.loop = new AgentLoop(settings.agentId(), measuring.listener(), publisher::applyAck);
        loopRef[0] = loop;
        port.attach(loop);
        publisher.start();
        LOG.info("agent {} started: boot epoch {}, region {}, {} measures, {} envelopes waiting in the outbox, broker {}",
                settings.agentId(), found.sequences().bootEpoch(), settings.region(), settings.trts().size(),
                outbox.size(), settings.brokerUrl());
    }

    /**
     * Opens the data dir (boot epoch, sequence, outbox), attaches to the port, starts connecting.
     * The scheduler is used for reconnects and re-send sweeps (real time); the port's time source
     * drives correlation, intervals and publishEvery.
     *
     * <p>The boot epoch is drawn from the system wall clock and a SecureRandom ({@link BootEpochs}): unique even for a
     * data dir that is new under a known agent id (a reinstall), so the collector never takes its envelopes for
     * duplicates of the old install's.
     *
     * @throws UncheckedIOException  if the data dir cannot be opened (its state is corrupt or unwritable); its cause is
     *                               an {@link OrphanedDataDirException} when the data dir has an outbox or a ledger but
     *                               no {@code agent.state}
     * @throws IllegalStateException if the MQTT client cannot be created, or the port has a listener already
     */
    public static Agent start(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler) {
        return start(settings, port, scheduler, System::nanoTime, BootEpochs.system());
    }

    static Agent start(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        return start(settings, port, scheduler, nanoClock, BootEpochs.system());
    }

    static Agent start(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            BootEpochs bootEpochs) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(scheduler, "scheduler");
        try {
            return new Agent(settings, port, scheduler, nanoClock, Objects.requireNonNull(bootEpochs, "bootEpochs"));
        } catch (IOException e) {
            throw new UncheckedIOException("agent " + settings.agentId() + ": cannot open data dir "
                    + settings.dataDir() + ": " + e.getMessage(), e);
        } catch (MqttException e) {
            throw new IllegalStateException("agent " + settings.agentId() + ": cannot create the MQTT client for "
                    + settings.brokerUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the port's clock: expires pending events, closes final intervals, and writes+sends a batch
     * when publishEvery has elapsed. Driver thread (the port's listener's); returns once done.
     */
    public void tick() {
        long now = time.epochNanos();
        loop.call(() -> measuring.tick(now));
    }

    /**
     * {@link #tick()} for several agents at once: hands every agent its tick (each reading its own port's clock, after
     * every observation its port delivered before), then waits for all, so their thread of control run the ticks
     * side by side instead of one after the other. Returns once every tick is done, as that many calls to
     * {@link #tick()} would; when some fail, after all have ended, with the first failure (in list order) and the
     * others added to it as suppressed.
     *
     * <p>Driver thread: one thread drives every agent in the list (their ports' listener calls come from it).
     */
    public static void tickAll(List<Agent> agents) {
        AgentLoop.Command[] started = new AgentLoop.Command[agents.size()];
        Throwable failure = null;
        for (int i = 0; i < started.length; i++) {
            Agent agent = agents.get(i);
            long now = agent.time.epochNanos();
            try {
                started[i] = agent.loop.start(() -> agent.measuring.tick(now));
            } catch (RuntimeException e) {
                failure = failure == null ? e : suppressing(failure, e);
            }
        }
        for (int i = 0; i < started.length; i++) {
            if (started[i] == null) {
                continue;
            }
            try {
                agents.get(i).loop.await(started[i]);
            } catch (RuntimeException | Error e) {
                failure = failure == null ? e : suppressing(failure, e);
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static Throwable suppressing(Throwable first, Throwable next) {
        first.addSuppressed(next);
        return first;
    }

    /** Writes and sends now whatever is final. Driver thread; returns once done. */
    public void flush() {
        long now = time.epochNanos();
        loop.call(() -> measuring.flush(now));
    }

    /** Configs from the collector taken up (changing TRTs or not) since start; any thread. */
    public long configsApplied() {
        return measuring.configUpdates().applied();
    }

    /** Config messages from the collector received since start, good or not; any thread. */
    public long configsReceived() {
        return measuring.configUpdates().received();
    }

    /** Config messages from the collector ignored as bad since start; any thread. */
    public long configsIgnored() {
        return measuring.configUpdates().ignored();
    }

    /** The TRT in nanoseconds of an event of this kind starting at the instant (0: not measured); any thread. */
    public long trtNanos(EventKind kind, long startEpochNanos) {
        return measuring.measures().trtNanos(kind, startEpochNanos);
    }

    /**
     * True while final intervals wait in memory because the outbox is full or the disk refused them: the driver
     * should stop consuming its source and call {@link #awaitRoom}. Any thread.
     */
    public boolean backPressured() {
        return measuring.backPressure().on();
    }

    /** Whether this start found the last run stopped uncleanly (its {@code agent.running} marker was left). */
    public boolean uncleanStart() {
        return uncleanStart;
    }

    /**
     * Back-pressure for drivers (driver thread): while {@link #backPressured()}, waits up to {@code timeout} for
     * acknowledgements to free room in the outbox (or, after a disk error, that long before retrying), then writes
     * what waits in memory.
     *
     * @return true when nothing waits any more
     */
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        return measuring.backPressure().awaitRoom(timeout, () -> {
            long now = time.epochNanos();
            loop.call(() -> measuring.writeBatch(now));
        });
    }

    /** Envelopes in the outbox not yet acknowledged by the collector. */
    public int outboxSize() {
        return outbox.size();
    }

    /**
     * Waits until the collector has acknowledged everything in the outbox, or the timeout passes. Any thread.
     *
     * @return true when the outbox is empty
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return outbox.awaitEmpty(timeout);
    }

    public boolean isConnected() {
        return publisher.isConnected();
    }

    /** Connects the broker refused (bad credentials, no rights, untrusted certificate) since start. */
    public long refusedConnects() {
        return publisher.refusedConnects();
    }

    public AgentCounters counters() {
        CorrelatorCounts events = measuring.listener().publishedCounts(); // as of the last tick: any thread
        BackPressure backPressure = measuring.backPressure();
        return new AgentCounters(events.starts(), events.ends(), events.withinTrt(),
                events.timedOut(), events.failed(), events.lateEnds(), events.unknownEnds(),
                events.duplicateStarts(), events.rejected(), outbox.written(), publisher.publishes(),
                publisher.resends(), outbox.acked(), backPressure.outboxFull(), outbox.setAside(),
                measuring.intervalsSkipped(), backPressure.writeFailures(), publisher.ackRangesIgnored(),
                events.outsideHours(), loop.acksDropped());
    }

    /** Per-device records written to the outbox since this start. Any thread. */
    public long recordsWritten() {
        return measuring.recordsWritten();
    }

    public long bootEpoch() {
        return outbox.bootEpoch();
    }

    /** Flushes, sends a graceful OFFLINE status, waits up to `timeout` for the outbox to drain, disconnects. */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            long now = time.epochNanos();
            loop.call(() -> stopMeasuring(now));
            if (!outbox.awaitEmpty(timeout)) { // the thread of control goes on applying Acks meanwhile
                LOG.warn("agent {}: closing with {} unacknowledged envelopes in the outbox (sent at the next start)",
                        settings.agentId(), outbox.size());
            }
        } catch (UncheckedIOException e) {
            LOG.error("agent {}: cannot write the OFFLINE status: {}", settings.agentId(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.callAndStop(measuring::close);
            publisher.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            LOG.info("agent {} closed: {}", settings.agentId(), counters());
        }
    }

    /** On the thread of control, at a graceful stop: what is final, the open intervals, the OFFLINE status. */
    private void stopMeasuring(long nowEpochNanos) {
        try {
            measuring.flush(nowEpochNanos);
            if (!settings.replayFromStart()) {
                measuring.carryOpenIntervals(nowEpochNanos);
            }
            // A status is always written (never Full).
            Outbox.Written offline = (Outbox.Written) outbox.write(
                    measuring.statusBody(AgentStatus.State.OFFLINE_GRACEFUL, time.epochMillis()));
            publisher.send(offline);
            RunningMarker.remove(settings.dataDir()); // the snapshots are written: the next start resumes cleanly
        } catch (IOException e) {
            throw AgentLoop.unchecked("agent " + settings.agentId() + ": graceful stop", e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * Stops as a power cut would (crash tests, once they have frozen the outbox's files through their seam): the MQTT
     * connection drops without a DISCONNECT (the broker publishes the last will), the thread of control stops where it
     * is, nothing is flushed or snapshotted, the marker stays. The object is then dead; start a new agent on the same
     * data dir.
     */
    void crash() {
        closed = true;
        publisher.abandon();
        loop.halt();
        measuring.close();
    }

    /** The outbox (crash tests reach its crash points through their seam in the test tree). */
    Outbox outbox() {
        return outbox;
    }
}
