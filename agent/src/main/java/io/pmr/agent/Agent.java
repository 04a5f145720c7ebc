package io.pmr.agent;

import io.pmr.agent.close.BatchBuilder;
import io.pmr.agent.close.IntervalLog;
import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.correlate.CorrelatorCounts;
import io.pmr.agent.publish.PublishConfig;
import io.pmr.agent.publish.Publisher;
import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.agent.spool.BootEpochs;
import io.pmr.agent.spool.OrphanedDataDirException;
import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.SequenceStore;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.TimeSource;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureSource;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * One measurement agent: correlates and records what a {@link HanPort} sees, closes final one-minute
 * intervals, writes them durably to its outbox and sends them to the collector over MQTT until
 * acknowledged.
 *
 * <p>Threading: the port's listener calls, {@link #tick()}, {@link #flush()} and {@link #close()} run on one
 * driver thread. {@link #outboxSize()}, {@link #isConnected()}, {@link #counters()} and {@link #bootEpoch()}
 * may be called from any thread. MQTT work (reconnects, replays, re-sends, acks) runs on the given scheduler
 * and Paho's threads.
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
    private static final int INITIAL_PENDING_CAPACITY = 4_096;

    private final AgentSettings settings;
    private final TimeSource time;
    private final Measures measures;
    private final ConfigUpdates configUpdates;
    private final IntervalTable intervals;
    private final Correlator correlator;
    private final DeviceRecords records = new DeviceRecords(1_024);
    private final DownWindows downWindows = new DownWindows();
    private final BatchBuilder batchBuilder;
    private final Outbox outbox;
    private final IntervalLog intervalLog;
    private final Publisher publisher;
    private final List<IntervalCell> ready = new ArrayList<>();
    private final long publishEveryNanos;
    private long nextPublishAtNanos;
    private final BackPressure backPressure;
    private volatile long recordsWritten;
    private volatile long intervalsSkipped;
    private final boolean uncleanStart;
    private boolean closed;

    private Agent(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler, LongSupplier nanoClock,
            BootEpochs bootEpochs) throws IOException, MqttException {
        this.settings = settings;
        this.time = port.timeSource();
        if (port.region() != settings.region()) {
            throw new IllegalArgumentException("region " + settings.region() + " of the settings differs from region "
                    + port.region() + " of the port");
        }
        Files.createDirectories(settings.dataDir());
        // First: a data dir that lost its agent.state is refused before anything in it is touched.
        SequenceStore sequences = SequenceStore.open(settings.dataDir(), bootEpochs);
        this.uncleanStart = RunningMarker.create(settings.dataDir());
        this.outbox = Outbox.open(settings.dataDir(), settings.agentId(), settings.maxOutboxMessages(), sequences);
        this.backPressure = new BackPressure(settings.agentId(), outbox);
        this.measures = new Measures(settings.region(), settings.trts());
        this.configUpdates = new ConfigUpdates(settings.agentId(),
                settings.dataDir().resolve(ConfigUpdates.FILE_NAME));
        configUpdates.restore(measures); // before the correlator: its deadline queues start with these TRTs
        this.intervals = new IntervalTable(measures);
        this.correlator = new Correlator(intervals, INITIAL_PENDING_CAPACITY, records, downWindows);
        this.batchBuilder = new BatchBuilder(measures);
        this.intervalLog = new IntervalLog(settings.dataDir().resolve(settings.agentId() + ".hlog"), time.epochMillis());
        this.publishEveryNanos = settings.publishEvery().toNanos();
        this.nextPublishAtNanos = time.epochNanos() + publishEveryNanos;
        Envelope lastWill = statusBody(AgentStatus.State.OFFLINE_UNEXPECTED)
                .setAgentId(settings.agentId()).setBootEpoch(sequences.bootEpoch()).setSequence(sequences.next())
                .build();
        RestartCarryover.clearPahoState(settings, settings.dataDir().resolve("paho"));
        PublishConfig config = new PublishConfig(settings.agentId(), settings.brokerUrl(),
                settings.resendAfter().toNanos(), settings.publishCopies(),
                settings.security());
        this.publisher = new Publisher(config, outbox, scheduler, nanoClock,
                () -> statusBody(AgentStatus.State.ONLINE), lastWill.toByteArray(), configUpdates);
        RestartCarryover.resume(settings, uncleanStart, downWindows, correlator);
        port.attach(correlator);
        publisher.start();
        LOG.info("agent {} started: boot epoch {}, region {}, {} measures, {} envelopes waiting in the outbox, broker {}",
                settings.agentId(), sequences.bootEpoch(), settings.region(), settings.trts().size(), outbox.size(),
                settings.brokerUrl());
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

    private Envelope.Builder statusBody(AgentStatus.State state) {
        AgentStatus.Builder status = AgentStatus.newBuilder()
                .setState(state)
                .setSoftwareVersion(SOFTWARE_VERSION)
                .setRegion(settings.region().name());
        for (EventKind kind : EventKind.every()) {
            if (measures.measured(kind)) {
                status.addMeasures(MeasureSource.newBuilder()
                        .setMeasureId(measures.measureId(kind))
                        .setTrtMillis(measures.trtMillis(kind)));
            }
        }
        return Envelope.newBuilder().setCreatedEpochMillis(time.epochMillis()).setStatus(status);
    }

    /**
     * Reads the port's clock: expires pending events, closes final intervals, and writes+sends a batch
     * when publishEvery has elapsed. Must be called on the same thread as the port's listener calls.
     */
    public void tick() {
        long now = time.epochNanos();
        configUpdates.applyLatest(measures, now);
        correlator.expire(now);
        if (now >= nextPublishAtNanos) {
            writeBatch(now);
            long periods = (now - nextPublishAtNanos) / publishEveryNanos + 1;
            nextPublishAtNanos += periods * publishEveryNanos;
        }
    }

    /** Writes and sends now whatever is final (same thread as tick). */
    public void flush() {
        long now = time.epochNanos();
        configUpdates.applyLatest(measures, now);
        correlator.expire(now);
        writeBatch(now);
    }

    /** Configs from the collector taken up (changing TRTs or not) since start; any thread. */
    public long configsApplied() {
        return configUpdates.applied();
    }

    /** Config messages from the collector received since start, good or not; any thread. */
    public long configsReceived() {
        return configUpdates.received();
    }

    /** Config messages from the collector ignored as bad since start; any thread. */
    public long configsIgnored() {
        return configUpdates.ignored();
    }

    /** The TRT in nanoseconds of an event of this kind starting at the instant (0: not measured); any thread. */
    public long trtNanos(EventKind kind, long startEpochNanos) {
        return measures.trtNanos(kind, startEpochNanos);
    }

    private void writeBatch(long nowEpochNanos) {
        intervals.collectFinal(nowEpochNanos, ready);
        if (settings.replayFromStart()) {
            skipWritten();
        }
        IntervalReportBatch batch = batchBuilder.build(ready, records, downWindows, intervals, nowEpochNanos);
        Outbox.Written written = backPressure.write(batch, nowEpochNanos, ready.size());
        if (written == null) {
            return; // kept in memory: back-pressure on
        }
        recordsWritten += records.size();
        records.clear();
        downWindows.clearClosed();
        int reportIndex = 0;
        for (IntervalCell cell : ready) {
            if (BatchBuilder.reported(cell)) {
                // The log takes the histogram the batch already encoded: one encoding per interval.
                intervalLog.append(cell, batch.getIntervals(reportIndex++));
            }
            intervals.recycle(cell);
        }
        ready.clear();
        intervalLog.flush();
        publisher.send(written);
    }

    /** Drops (recycles) the ready cells whose interval an earlier run already wrote durably. */
    private void skipWritten() {
        int kept = 0;
        for (int i = 0; i < ready.size(); i++) {
            IntervalCell cell = ready.get(i);
            if (BatchBuilder.reported(cell) && outbox.alreadyWritten(measures.measureId(cell.kind()),
                    cell.variant().name(), cell.intervalStartEpochMillis())) {
                intervals.recycle(cell);
                intervalsSkipped++;
            } else {
                ready.set(kept++, cell);
            }
        }
        ready.subList(kept, ready.size()).clear();
    }

    /**
     * True while final intervals wait in memory because the outbox is full or the disk refused them: the driver
     * should stop consuming its source and call {@link #awaitRoom}. Any thread.
     */
    public boolean backPressured() {
        return backPressure.on();
    }

    /** Whether this start found the last run stopped uncleanly (its {@code agent.running} marker was left). */
    public boolean uncleanStart() {
        return uncleanStart;
    }

    /**
     * Back-pressure for drivers (same thread as tick): while {@link #backPressured()}, waits up to {@code timeout}
     * for acknowledgements to free room in the outbox (or, after a disk error, that long before retrying), then
     * writes what waits in memory.
     *
     * @return true when nothing waits any more
     */
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        return backPressure.awaitRoom(timeout, () -> writeBatch(time.epochNanos()));
    }

    /**
     * At a stop: sends what is final in the intervals still open (completed and timed-out events of the
     * current minute, and of minutes still waiting for an end) and saves the events still waiting for
     * their end, which the next start takes up. Every event is thus counted once, now or after the restart.
     * The batch's watermarks stay behind the open intervals.
     */
    private void carryOpenIntervals() throws IOException {
        long now = time.epochNanos();
        List<IntervalCell> open = new ArrayList<>();
        intervals.openCells(open);
        IntervalReportBatch batch = batchBuilder.build(open, records, downWindows, intervals, now);
        if (batch.getIntervalsCount() > 0 || batch.getRecordsCount() > 0 || batch.getDownWindowsCount() > 0) {
            Outbox.Written written = outbox.write(Envelope.newBuilder()
                    .setCreatedEpochMillis(Math.floorDiv(now, 1_000_000L))
                    .setIntervals(batch));
            if (written == null) {
                LOG.error("agent {}: outbox full at the stop: the final part of {} open intervals is not sent",
                        settings.agentId(), batch.getIntervalsCount());
                return; // keep the pending snapshot out too: nothing is counted twice
            }
            recordsWritten += records.size();
            records.clear();
            downWindows.clearClosed();
            publisher.send(written);
        }
        RestartCarryover.save(settings, correlator, downWindows);
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
        CorrelatorCounts events = correlator.publishedCounts(); // as of the last tick: read from any thread
        return new AgentCounters(events.starts(), events.ends(), events.withinTrt(),
                events.timedOut(), events.failed(), events.lateEnds(), events.unknownEnds(),
                events.duplicateStarts(), events.rejected(), outbox.written(), publisher.publishes(),
                publisher.resends(), outbox.acked(), backPressure.outboxFull(), outbox.setAside(), intervalsSkipped,
                backPressure.writeFailures(), outbox.ackRangesIgnored());
    }

    /** Per-device records written to the outbox since this start. Any thread. */
    public long recordsWritten() {
        return recordsWritten;
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
            flush();
            if (!settings.replayFromStart()) {
                carryOpenIntervals();
            }
            Outbox.Written offline = outbox.write(statusBody(AgentStatus.State.OFFLINE_GRACEFUL));
            publisher.send(offline);
            RunningMarker.remove(settings.dataDir()); // the snapshots are written: the next start resumes cleanly
            if (!outbox.awaitEmpty(timeout)) {
                LOG.warn("agent {}: closing with {} unacknowledged envelopes in the outbox (sent at the next start)",
                        settings.agentId(), outbox.size());
            }
        } catch (IOException e) {
            LOG.error("agent {}: cannot write the OFFLINE status: {}", settings.agentId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            intervalLog.close();
            LOG.info("agent {} closed: {}", settings.agentId(), counters());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * For crash tests: stops as a power cut would. The outbox's files freeze as they are, the MQTT connection drops
     * without a DISCONNECT (the broker publishes the last will), nothing is flushed or snapshotted, the marker
     * stays. The object is then dead; start a new agent on the same data dir.
     */
    void crash() {
        closed = true;
        outbox.halt();
        publisher.abandon();
        intervalLog.close();
    }

    /** The outbox, for crash tests' hooks ({@link Outbox#onStep}). */
    Outbox outbox() {
        return outbox;
    }
}
