package io.pmr.agent.spool;

import io.pmr.model.Topics;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The durable outbox in {@code {dataDir}/outbox/}: every envelope is written here (temp file, force,
 * atomic rename, directory fsync) BEFORE it is published, and deleted only when the collector's
 * {@code Ack} lists its (boot epoch, sequence). It survives restarts: {@link #open} loads what is left,
 * and sets aside (into {@code outbox/set-aside/}) files that are partial or corrupt, logging each by name
 * ({@link OutboxRecovery}).
 *
 * <p>A log, not a sender: it gives each envelope its identity and makes it durable ({@link #write}), lists what is
 * unacknowledged ({@link #entries}, {@link #covered}) and deletes what the sender found acknowledged
 * ({@link #remove}). What was published when, the send window and which Ack ranges to believe are the sender's
 * ({@code agent.publish}). Bounded by {@code maxMessages} for interval and event batches ({@link #write} returns
 * {@link Full}: the caller keeps its data and retries); status envelopes are small and few and are always written, and
 * so is the one interval batch of a graceful stop ({@link #writeAtStop}): the bound caps growth while the collector
 * is away, it is not worth the stop's open intervals.
 *
 * <p>Sent-interval ledger: {@link #alreadyWritten} tells whether an interval (measure, scope, start) was durably
 * written by this agent in any run: its key is in an envelope file still here, or in {@code sent-intervals.log},
 * where the keys of acknowledged envelopes are appended and forced BEFORE their files are deleted. A crash at any
 * point thus leaves every written interval in one of the two; a file set aside as torn at {@link #open} is in
 * neither, so its intervals count as never written (an agent replaying its source recomputes and re-sends them).
 *
 * <p>Threading: thread-safe (every method locks the outbox). Interval batches are written and acknowledged
 * envelopes removed on the agent's thread of control; the sender reads entries and payloads on its scheduler and
 * writes its birth status there; {@link #awaitEmpty} and {@link #awaitRoom} wait on any thread.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final String SET_ASIDE_DIR = OutboxRecovery.SET_ASIDE_DIR;

    private final Path dir;
    private final String agentId;
    private final int maxMessages;
    private final SequenceStore sequences;
    /** By sequence, ordered unsigned (the wire's uint64; a forged range may name sequences at or above 2^63). */
    private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>(Long::compareUnsigned);
    private final int setAside;
    private final SentIntervals ledger = new SentIntervals();
    private final AckedIntervalsFile ackedIntervals;
    private volatile Consumer<Step> stepHook = step -> { };
    private boolean halted;
    private long written;
    private long acked;
    private long ledgerFailures;

    private Outbox(Path dir, String agentId, int maxMessages, SequenceStore sequences) throws IOException {
        this.dir = dir;
        this.agentId = agentId;
        this.maxMessages = maxMessages;
        this.sequences = sequences;
        this.ackedIntervals = AckedIntervalsFile.open(dir.getParent(), ledger);
        this.setAside = OutboxRecovery.load(dir, agentId, entries, ledger);
    }

    /**
     * Points in the outbox's work where a crash test may stop it as a power cut would ({@link #onStep},
     * {@link #halt}; reached from tests through their seam in the test tree).
     */
    enum Step {
        /** An envelope's file is durable; it is not yet published. */
        ENTRY_WRITTEN,
        /** Acknowledged envelopes' keys are durable in the ledger; their files are not yet deleted. */
        ACKED_KEYS_APPENDED
    }

    /** Opens (creating if needed) the outbox of {@code agentId} in {@code dataDir/outbox}. */
    public static Outbox open(Path dataDir, String agentId, int maxMessages, SequenceStore sequences) throws IOException {
        Path dir = dataDir.resolve("outbox");
        Files.createDirectories(dir);
        return new Outbox(dir, agentId, maxMessages, sequences);
    }

    /** The interval keys an envelope carries (for the ledger), or null when it carries no intervals. */
    static IntervalKeys keysOf(Envelope envelope) {
        return envelope.hasIntervals() ? IntervalKeys.of(envelope.getIntervals()) : null;
    }

    /** What {@link #write} did: {@link Written}, or {@link Full} (nothing written). */
    public sealed interface WriteResult permits Written, Full {
    }

    /** An envelope written durably to the outbox, with the bytes to publish. */
    public record Written(OutboxEntry entry, byte[] payload) implements WriteResult {
    }

    /**
     * Nothing was written: the outbox holds {@code unacknowledged} envelopes, its bound; the caller keeps its data and
     * writes it again once acknowledgements free room ({@link #awaitRoom}).
     */
    public record Full(int unacknowledged) implements WriteResult {
    }

    /**
     * Gives {@code body} the next identity (agent id, boot epoch, sequence) and writes it durably.
     *
     * @param body an envelope with its body and creation time set; identity fields are overwritten
     * @return {@link Written}, or {@link Full} when the outbox is at its bound and {@code body} is not a status
     * @throws IOException if the envelope could not be made durable (nothing was written)
     * @throws IllegalArgumentException if {@code body} has no body
     */
    public synchronized WriteResult write(Envelope.Builder body) throws IOException {
        return write(body, false);
    }

    /**
     * Writes the graceful stop's final batch (open intervals, records not yet batched) even past the bound: nothing else
     * carries them across a restart. One envelope per stop. @throws IOException if it could not be made durable
     */
    public synchronized Written writeAtStop(Envelope.Builder body) throws IOException {
        return (Written) write(body, true);
    }

    private WriteResult write(Envelope.Builder body, boolean pastBound) throws IOException {
        if (body.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            throw new IllegalArgumentException("outbox " + dir + ": an envelope without a body cannot be written");
        }
        if (halted) {
            throw new IOException("outbox " + dir + " is halted");
        }
        boolean status = body.getBodyCase() == Envelope.BodyCase.STATUS;
        if (!status && !pastBound && entries.size() >= maxMessages) {
            return new Full(entries.size());
        }
        long sequence = sequences.next();
        Envelope envelope = body.setAgentId(agentId).setBootEpoch(sequences.bootEpoch()).setSequence(sequence).build();
        byte[] payload = envelope.toByteArray();
        Path file = dir.resolve(OutboxFile.fileName(sequence));
        DurableFiles.writeAtomically(file, OutboxFile.header(payload), ByteBuffer.wrap(payload));
        OutboxEntry entry = new OutboxEntry(envelope.getBootEpoch(), sequence, envelope.getBodyCase(), file,
                keysOf(envelope));
        entries.put(sequence, entry);
        if (entry.keys() != null) {
            ledger.hold(entry.keys());
        }
        written++;
        stepHook.accept(Step.ENTRY_WRITTEN);
        return new Written(entry, payload);
    }

    /** The payload of an entry (for a re-send), or null when its file is gone or damaged (logged). */
    public byte[] read(OutboxEntry entry) {
        try {
            return OutboxFile.read(entry.file());
        } catch (IOException e) {
            synchronized (this) {
                if (!entries.containsKey(entry.sequence())) {
                    return null; // acknowledged and deleted meanwhile
                }
            }
            LOG.warn("cannot read outbox file {} of {}: {}", entry.file().getFileName(), entry, e.toString());
            return null;
        }
    }

    /**
     * The unacknowledged entries of boot epoch {@code bootEpoch} whose sequence is in {@code firstSequence ..
     * lastSequence} (both included, compared unsigned, as the wire's uint64), in sequence order; none when the range
     * is inverted.
     */
    public synchronized List<OutboxEntry> covered(long bootEpoch, long firstSequence, long lastSequence) {
        List<OutboxEntry> inRange = new ArrayList<>();
        if (Long.compareUnsigned(firstSequence, lastSequence) > 0) {
            return inRange;
        }
        for (OutboxEntry entry : entries.subMap(firstSequence, true, lastSequence, true).values()) {
            if (entry.bootEpoch() == bootEpoch) {
                inRange.add(entry);
            }
        }
        return inRange;
    }

    /**
     * Deletes envelopes the collector acknowledged (the sender decides which: {@code agent.publish}). Their interval
     * keys are first appended to the sent-interval ledger and forced, then their files are deleted; when the ledger
     * cannot be written nothing is deleted (counted in {@link #ledgerFailures}; a later, cumulative Ack retries).
     * Entries no longer here are passed over.
     *
     * @return how many were deleted
     */
    public synchronized int remove(List<OutboxEntry> acknowledged) {
        if (halted) {
            return 0;
        }
        List<OutboxEntry> covered = new ArrayList<>(acknowledged.size());
        for (OutboxEntry entry : acknowledged) {
            if (entries.get(entry.sequence()) == entry) {
                covered.add(entry);
            }
        }
        if (covered.isEmpty()) {
            return 0;
        }
        List<IntervalKeys> keys = new ArrayList<>(covered.size());
        int intervals = 0;
        int watermarks = 0;
        for (OutboxEntry entry : covered) {
            if (entry.keys() != null) {
                keys.add(entry.keys());
                intervals += entry.keys().intervals();
                watermarks += entry.keys().watermarks().size();
            }
        }
        if (intervals > 0 || watermarks > 0) {
            try {
                ackedIntervals.append(keys);
            } catch (IOException e) {
                // Deleting now could lose the only durable trace of these intervals: keep the files; a later
                // (cumulative) Ack deletes them once the ledger can be written.
                ledgerFailures++;
                LOG.warn("cannot append {} acknowledged intervals to the sent-interval ledger; their {} envelopes "
                        + "stay in the outbox: {}", intervals, covered.size(), e.toString());
                return 0;
            }
            ledger.acknowledge(keys);
        }
        stepHook.accept(Step.ACKED_KEYS_APPENDED);
        for (OutboxEntry entry : covered) {
            entries.remove(entry.sequence());
            if (entry.keys() != null) {
                ledger.release(entry.keys());
            }
            try {
                Files.deleteIfExists(entry.file());
            } catch (IOException e) {
                // A file that comes back after a restart is only re-sent: the collector dedups it.
                LOG.warn("cannot delete acknowledged outbox file {}: {}", entry.file().getFileName(), e.toString());
            }
        }
        acked += covered.size();
        notifyAll();
        return covered.size();
    }

    /**
     * Whether this agent durably wrote a report of this interval, in this run or an earlier one (see the class
     * comment): an agent replaying its source skips such intervals so the collector never adds them twice.
     */
    public synchronized boolean alreadyWritten(String measureId, String scope, long intervalStartEpochMillis) {
        return ledger.contains(measureId, scope, intervalStartEpochMillis);
    }

    /** Times the keys of acknowledged envelopes could not be made durable (their files were kept). */
    public synchronized long ledgerFailures() {
        return ledgerFailures;
    }

    /** Calls {@code hook} at each {@link Step} (crash tests: simulate a crash there with {@link #halt}). */
    void onStep(Consumer<Step> hook) {
        stepHook = java.util.Objects.requireNonNull(hook, "hook");
    }

    /**
     * Freezes the files as a power cut would: from now on nothing is written or deleted ({@link #write} throws,
     * {@link #remove} does nothing). The agent using this outbox is then abandoned: a power cut, as crash tests
     * simulate it.
     */
    synchronized void halt() {
        halted = true;
    }

    /** Unacknowledged entries in sequence order (a copy). */
    public synchronized List<OutboxEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Waits until every envelope is acknowledged, or the timeout passes; returns whether it is empty. */
    public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!entries.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return true;
    }

    /**
     * Waits until an interval batch would be accepted ({@link #size} below the bound), or the timeout passes.
     *
     * @return true when there is room
     */
    public synchronized boolean awaitRoom(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries.size() >= maxMessages) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return true;
    }

    public long bootEpoch() {
        return sequences.bootEpoch();
    }

    /** Files set aside at open because they were partial or corrupt. */
    public int setAside() {
        return setAside;
    }

    public synchronized long written() {
        return written;
    }

    public synchronized long acked() {
        return acked;
    }

    public Path directory() {
        return dir;
    }
}
