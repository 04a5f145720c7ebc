package io.pmr.agent;

import io.pmr.agent.close.BatchBuilder;
import io.pmr.agent.close.IntervalLog;
import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.agent.spool.Outbox;
import io.pmr.hardware.EventKind;
import io.pmr.model.TrtRule;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's measuring state and what it does with it: correlates observations ({@link #listener()}), expires
 * pending events, closes final one-minute intervals and writes them as interval batches to the outbox (through
 * {@link BackPressure}), logs them to the {@code .hlog}, and hands each written envelope to the sender.
 *
 * <p>Threading: confined to the agent's thread of control ({@link AgentLoop}); every method but the counters runs
 * there. The counters are volatile or the correlator's, readable from any thread.
 */
final class Measuring {
    /** The agent's category: operators' log settings for the agent keep covering what it measures. */
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final int INITIAL_PENDING_CAPACITY = 4_096;

    private final AgentSettings settings;
    private final Measures measures;
    /** The collector's TRTs ({@code AgentConfig}), taken up on the thread of control at each tick and flush. */
    private final ConfigUpdates configUpdates;
    private final IntervalTable intervals;
    private final Correlator correlator;
    private final DeviceRecords records = new DeviceRecords(1_024);
    private final DownWindows downWindows = new DownWindows();
    private final BatchBuilder batchBuilder;
    private final Outbox outbox;
    private final BackPressure backPressure;
    private final IntervalLog intervalLog;
    private final Consumer<Outbox.Written> sender;
    private final List<IntervalCell> ready = new ArrayList<>();
    private final long publishEveryNanos;
    private long nextPublishAtNanos;
    private volatile long recordsWritten;
    private volatile long intervalsSkipped;

    /**
     * @param startEpochNanos the port's clock at the start: the first batch is due {@code publishEvery} after it
     * @param sender          takes each envelope once it is durable in the outbox (any thread may publish it)
     * @throws IOException if the {@code .hlog} cannot be opened
     */
    Measuring(AgentSettings settings, Outbox outbox, long startEpochNanos, Consumer<Outbox.Written> sender)
            throws IOException {
        this.settings = settings;
        this.outbox = outbox;
        this.sender = sender;
        this.backPressure = new BackPressure(settings.agentId(), outbox);
        this.measures = new Measures(settings.region(), settings.trts(), settings.rules());
        this.configUpdates = new ConfigUpdates(settings.agentId(),
                settings.dataDir().resolve(ConfigUpdates.FILE_NAME));
        configUpdates.restore(measures); // before the correlator: its deadline queues start with these TRTs
        this.intervals = new IntervalTable(measures);
        this.correlator = new Correlator(intervals, INITIAL_PENDING_CAPACITY, records, downWindows);
        this.batchBuilder = new BatchBuilder(measures);
        this.intervalLog = new IntervalLog(settings.dataDir().resolve(settings.agentId() + ".hlog"),
                Math.floorDiv(startEpochNanos, 1_000_000L));
        this.publishEveryNanos = settings.publishEvery().toNanos();
        this.nextPublishAtNanos = startEpochNanos + publishEveryNanos;
    }

    /** Where the port's observations go (on the thread of control). */
    Correlator listener() {
        return correlator;
    }

    /** Where configs from the collector go (Paho's thread); taken up at the next tick or flush. */
    ConfigUpdates configUpdates() {
        return configUpdates;
    }

    /** The TRT schedule: read from any thread (see {@link Measures}). */
    Measures measures() {
        return measures;
    }

    DownWindows downWindows() {
        return downWindows;
    }

    BackPressure backPressure() {
        return backPressure;
    }

    /** A status envelope's body (this agent's measures and TRTs), created at {@code nowEpochMillis}. */
    Envelope.Builder statusBody(AgentStatus.State state, long nowEpochMillis) {
        AgentStatus.Builder status = AgentStatus.newBuilder()
                .setState(state)
                .setSoftwareVersion(Agent.SOFTWARE_VERSION)
                .setRegion(settings.region().name());
        for (EventKind kind : EventKind.every()) {
            if (measures.measured(kind)) {
                MeasureSource.Builder source = MeasureSource.newBuilder()
                        .setMeasureId(measures.measureId(kind))
                        .setTrtMillis(measures.trtMillis(kind));
                TrtRule rule = measures.rule(kind);
                if (rule != null) {
                    source.setTrtRule(rule.text());
                }
                status.addMeasures(source);
            }
        }
        return Envelope.newBuilder().setCreatedEpochMillis(nowEpochMillis).setStatus(status);
    }

    /** Expires pending events and, when {@code publishEvery} has elapsed, writes what is final. */
    void tick(long nowEpochNanos) {
        correlator.recordWaitingEnd(); // under the TRTs in force when it arrived, before a new config applies
        configUpdates.applyLatest(measures, nowEpochNanos);
        correlator.expire(nowEpochNanos);
        if (nowEpochNanos >= nextPublishAtNanos) {
            writeBatch(nowEpochNanos);
            long periods = (nowEpochNanos - nextPublishAtNanos) / publishEveryNanos + 1;
            nextPublishAtNanos += periods * publishEveryNanos;
        }
    }

    /** Expires pending events and writes now whatever is final. */
    void flush(long nowEpochNanos) {
        correlator.recordWaitingEnd(); // as in tick
        configUpdates.applyLatest(measures, nowEpochNanos);
        correlator.expire(nowEpochNanos);
        writeBatch(nowEpochNanos);
    }

    /** Writes what is final (and what waits in memory under back-pressure), unless the outbox refuses it. */
    void writeBatch(long nowEpochNanos) {
        correlator.recordWaitingEnd(); // the cells, records and windows below hold every end (awaitRoom calls this alone)
        intervals.collectFinal(nowEpochNanos, ready);
        if (settings.replayFromStart()) {
            skipWritten();
        }
        IntervalReportBatch batch = batchBuilder.build(ready, records, downWindows, intervals, nowEpochNanos);
        Outbox.Written written = backPressure.write(batch, nowEpochNanos, ready.size());
        if (written == null) {
            return; // kept in memory: back-pressure on
        }
        written(batch, ready.size(), written);
    }

    /**
     * A batch is durable: its records and closed windows are out of memory, its first {@code finalCells} cells of
     * {@link #ready} go to the {@code .hlog} and back to the pool, and the sender gets it.
     */
    private void written(IntervalReportBatch batch, int finalCells, Outbox.Written written) {
        recordsWritten += records.size();
        records.clear();
        downWindows.clearClosed();
        int reportIndex = 0;
        for (int i = 0; i < finalCells; i++) {
            IntervalCell cell = ready.get(i);
            if (BatchBuilder.reported(cell)) {
                // The log takes the histogram the batch already encoded: one encoding per interval.
                intervalLog.append(cell, batch.getIntervals(reportIndex++));
            }
            intervals.recycle(cell);
        }
        ready.clear();
        intervalLog.flush();
        sender.accept(written);
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
     * At a stop: sends what is final in the intervals still open (completed and timed-out events of the
     * current minute, and of minutes still waiting for an end), with any final intervals the outbox refused under
     * back-pressure, and saves the events still waiting for their end, which the next start takes up. Every event is
     * thus counted once, now or after the restart. The batch is written even past the outbox's bound
     * ({@link Outbox#writeAtStop}): nothing else would carry it across the stop. The batch's watermarks stay behind
     * the open intervals.
     */
    void carryOpenIntervals(long nowEpochNanos) throws IOException {
        correlator.recordWaitingEnd(); // the open cells below hold every end; save() then finds its event not pending
        List<IntervalCell> cells = new ArrayList<>(ready); // final, but refused while the outbox was full
        int finalCells = cells.size();
        intervals.openCells(cells);
        IntervalReportBatch batch = batchBuilder.build(cells, records, downWindows, intervals, nowEpochNanos);
        if (batch.getIntervalsCount() > 0 || batch.getRecordsCount() > 0 || batch.getDownWindowsCount() > 0) {
            Outbox.Written written = outbox.writeAtStop(Envelope.newBuilder()
                    .setCreatedEpochMillis(Math.floorDiv(nowEpochNanos, 1_000_000L))
                    .setIntervals(batch));
            written(batch, finalCells, written); // cells begins with ready's final cells
        }
        RestartCarryover.save(settings, correlator, downWindows);
    }

    /** Closes the {@code .hlog}. */
    void close() {
        intervalLog.close();
    }

    /** Per-device records written to the outbox since this start. Any thread. */
    long recordsWritten() {
        return recordsWritten;
    }

    /** Final intervals not written because an earlier run had written them (replaying sources). Any thread. */
    long intervalsSkipped() {
        return intervalsSkipped;
    }
}
