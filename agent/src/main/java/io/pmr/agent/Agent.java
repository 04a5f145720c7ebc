package io.pmr.agent;

import io.pmr.agent.close.BatchBuilder;
import io.pmr.agent.close.IntervalLog;
import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.publish.PublishConfig;
import io.pmr.agent.publish.Publisher;
import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.agent.spool.OpenWindowSnapshot;
import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.PendingSnapshot;
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
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    static final String SOFTWARE_VERSION = Objects.requireNonNullElse(
            Agent.class.getPackage().getImplementationVersion(), "0.1.0-SNAPSHOT");
    private static final int INITIAL_PENDING_CAPACITY = 4_096;

    private final AgentSettings settings;
    private final TimeSource time;
    private final Measures measures;
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
    private volatile long outboxFull;
    private volatile long recordsWritten;
    private boolean waitingForRoom;
    private boolean closed;

    private Agent(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler, LongSupplier nanoClock)
            throws IOException, MqttException {
        this.settings = settings;
        this.time = port.timeSource();
        if (port.region() != settings.region()) {
            throw new IllegalArgumentException("region " + settings.region() + " of the settings differs from region "
                    + port.region() + " of the port");
        }
        Files.createDirectories(settings.dataDir());
        SequenceStore sequences = SequenceStore.open(settings.dataDir());
        this.outbox = Outbox.open(settings.dataDir(), settings.agentId(), settings.maxOutboxMessages(), sequences);
        this.measures = new Measures(settings.region(), settings.trts());
        this.intervals = new IntervalTable(measures);
        this.correlator = new Correlator(intervals, INITIAL_PENDING_CAPACITY, records, downWindows);
        this.batchBuilder = new BatchBuilder(measures);
        this.intervalLog = new IntervalLog(settings.dataDir().resolve(settings.agentId() + ".hlog"), time.epochMillis());
        this.publishEveryNanos = settings.publishEvery().toNanos();
        this.nextPublishAtNanos = time.epochNanos() + publishEveryNanos;
        Envelope lastWill = statusBody(AgentStatus.State.OFFLINE_UNEXPECTED)
                .setAgentId(settings.agentId()).setBootEpoch(sequences.bootEpoch()).setSequence(sequences.next())
                .build();
        PublishConfig config = new PublishConfig(settings.agentId(), settings.brokerUrl(),
                settings.dataDir().resolve("paho"), settings.resendAfter().toNanos(), settings.publishCopies(),
                settings.security());
        this.publisher = new Publisher(config, outbox, scheduler, nanoClock,
                () -> statusBody(AgentStatus.State.ONLINE), lastWill.toByteArray());
        for (OpenWindowSnapshot.Open window : OpenWindowSnapshot.take(settings.dataDir())) {
            // Before the carried probes start again: their verdicts continue the window open at the stop.
            downWindows.reopen(window.kind(), window.startEpochNanos());
            LOG.info("agent {}: down window of {} open since {} epoch ns at the last stop continues",
                    settings.agentId(), window.kind(), window.startEpochNanos());
        }
        List<PendingSnapshot.Pending> carried = PendingSnapshot.take(settings.dataDir());
        for (PendingSnapshot.Pending event : carried) {
            // Started before the last stop; their finished neighbours were sent then. Counted once, here.
            if (event.kind().perDevice()) {
                correlator.onDeviceStart(event.messageId(), event.kind(), event.variant(), event.deviceId(),
                        event.groupId(), event.startEpochNanos());
            } else {
                correlator.onStart(event.messageId(), event.kind(), event.variant(), event.startEpochNanos());
            }
        }
        if (!carried.isEmpty()) {
            LOG.info("agent {}: took up {} events still waiting for their end at the last stop", settings.agentId(),
                    carried.size());
        }
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
     * @throws UncheckedIOException  if the data dir cannot be opened (its state is corrupt or unwritable)
     * @throws IllegalStateException if the MQTT client cannot be created, or the port has a listener already
     */
    public static Agent start(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler) {
        return start(settings, port, scheduler, System::nanoTime);
    }

    static Agent start(AgentSettings settings, HanPort port, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(scheduler, "scheduler");
        try {
            return new Agent(settings, port, scheduler, nanoClock);
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
        correlator.expire(now);
        writeBatch(now);
    }

    private void writeBatch(long nowEpochNanos) {
        intervals.collectFinal(nowEpochNanos, ready);
        IntervalReportBatch batch = batchBuilder.build(ready, records, downWindows, intervals, nowEpochNanos);
        Outbox.Written written;
        try {
            written = outbox.write(Envelope.newBuilder()
                    .setCreatedEpochMillis(Math.floorDiv(nowEpochNanos, 1_000_000L))
                    .setIntervals(batch));
        } catch (IOException e) {
            LOG.error("agent {}: cannot write a batch of {} intervals and {} records to the outbox (kept in memory, "
                    + "retried at the next flush): {}", settings.agentId(), batch.getIntervalsCount(),
                    batch.getRecordsCount(), e.toString());
            return;
        }
        if (written == null) {
            outboxFull++;
            if (!waitingForRoom) {
                waitingForRoom = true;
                LOG.warn("agent {}: outbox full ({} envelopes unacknowledged): {} final intervals kept in memory and "
                        + "retried at each flush until the collector acknowledges", settings.agentId(), outbox.size(),
                        ready.size());
            }
            return;
        }
        if (waitingForRoom) {
            waitingForRoom = false;
            LOG.info("agent {}: outbox has room again; wrote {} intervals kept in memory after {} full attempts",
                    settings.agentId(), batch.getIntervalsCount(), outboxFull);
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
        List<PendingSnapshot.Pending> waiting = new ArrayList<>();
        correlator.forEachPending((id, kind, variant, start, device, group) ->
                waiting.add(new PendingSnapshot.Pending(id, kind, variant, start, device, group)));
        PendingSnapshot.write(settings.dataDir(), waiting);
        List<OpenWindowSnapshot.Open> openWindows = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            long since = downWindows.openSinceEpochNanos(kind);
            if (since != Long.MAX_VALUE) {
                openWindows.add(new OpenWindowSnapshot.Open(kind, since));
            }
        }
        OpenWindowSnapshot.write(settings.dataDir(), openWindows);
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
        return new AgentCounters(correlator.starts(), correlator.ends(), correlator.withinTrt(),
                correlator.timedOut(), correlator.failed(), correlator.lateEnds(), correlator.unknownEnds(),
                correlator.duplicateStarts(), correlator.rejected(), outbox.written(), publisher.publishes(),
                publisher.resends(), outbox.acked(), outboxFull, outbox.setAside());
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
            carryOpenIntervals();
            Outbox.Written offline = outbox.write(statusBody(AgentStatus.State.OFFLINE_GRACEFUL));
            publisher.send(offline);
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
}
