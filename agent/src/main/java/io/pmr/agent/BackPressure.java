package io.pmr.agent;

import io.pmr.agent.spool.Outbox;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * The {@link Agent}'s back-pressure policy for interval batches: writes a batch to the outbox unless the outbox is
 * full or the disk refuses it; then the final intervals stay in the agent's memory (never dropped), {@link #on()}
 * turns true, one WARN opens the episode, a counter counts each refusal, and one INFO closes the episode at the next
 * write that succeeds. {@link #awaitRoom} lets a driver wait for acknowledgements to free room.
 *
 * <p>Threading: {@link #write} runs on the agent's thread of control (the only writer of the state and counters);
 * {@link #awaitRoom} on the driver's thread, its retry handed to the thread of control; {@link #on()} and the
 * counters may be read from any thread. Logs under the {@link Agent}'s logger, as
 * before this class was split out of it.
 */
final class BackPressure {
    /** The agent's category: operators' log settings for the agent keep covering its back-pressure. */
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final String agentId;
    private final Outbox outbox;
    private volatile long outboxFull;
    private volatile long writeFailures;
    private volatile boolean waitingForRoom;

    BackPressure(String agentId, Outbox outbox) {
        this.agentId = agentId;
        this.outbox = outbox;
    }

    /**
     * Writes the batch (created at {@code nowEpochNanos}) to the outbox, fsynced.
     *
     * @param readyIntervals the final intervals waiting in memory, for the log
     * @return what was written, or null when the outbox is full or the disk refused it (counted; back-pressure on)
     */
    Outbox.Written write(IntervalReportBatch batch, long nowEpochNanos, int readyIntervals) {
        Outbox.WriteResult result;
        try {
            result = outbox.write(Envelope.newBuilder()
                    .setCreatedEpochMillis(Math.floorDiv(nowEpochNanos, 1_000_000L))
                    .setIntervals(batch));
        } catch (IOException e) {
            writeFailures++;
            if (!waitingForRoom) {
                waitingForRoom = true;
                LOG.warn("agent {}: cannot write a batch of {} intervals and {} records to the outbox (kept in memory, "
                        + "retried until the disk takes it; back-pressure on): {}", agentId,
                        batch.getIntervalsCount(), batch.getRecordsCount(), e.toString());
            }
            return null;
        }
        if (!(result instanceof Outbox.Written written)) {
            outboxFull++;
            if (!waitingForRoom) {
                waitingForRoom = true;
                LOG.warn("agent {}: outbox full ({} envelopes unacknowledged): {} final intervals kept in memory and "
                        + "retried until the collector acknowledges; back-pressure on", agentId,
                        outbox.size(), readyIntervals);
            }
            return null;
        }
        if (waitingForRoom) {
            waitingForRoom = false;
            LOG.info("agent {}: outbox takes batches again; wrote {} intervals kept in memory ({} full, {} failed "
                    + "attempts so far)", agentId, batch.getIntervalsCount(), outboxFull, writeFailures);
        }
        return written;
    }

    /** True while final intervals wait in memory because the outbox is full or the disk refused them. Any thread. */
    boolean on() {
        return waitingForRoom;
    }

    /**
     * While {@link #on()}, waits up to {@code timeout} for acknowledgements to free room in the outbox (or, after a
     * disk error, that long before retrying), then runs {@code retry} (which writes what waits in memory).
     *
     * @return true when nothing waits any more
     */
    boolean awaitRoom(Duration timeout, Runnable retry) throws InterruptedException {
        if (!waitingForRoom) {
            return true;
        }
        if (outbox.awaitRoom(timeout)) {
            retry.run();
            if (waitingForRoom && writeFailures > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(timeout.toNanos()); // the disk, not the collector
            }
        }
        return !waitingForRoom;
    }

    /** Batches refused because the outbox was full, since start. */
    long outboxFull() {
        return outboxFull;
    }

    /** Batches the disk refused (IOException at write), since start. */
    long writeFailures() {
        return writeFailures;
    }
}
