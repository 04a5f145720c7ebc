package io.pmr.agent.spool;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.model.Topics;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The durable outbox in {@code {dataDir}/outbox/}: every envelope is written here (temp file, force,
 * atomic rename, directory fsync) BEFORE it is published, and deleted only when the collector's
 * {@code Ack} lists its (boot epoch, sequence). It survives restarts: {@link #open} loads what is left,
 * and sets aside (into {@code outbox/set-aside/}) files that are partial or corrupt, logging each by name.
 *
 * <p>Bounded by {@code maxMessages} for interval and event batches ({@link #write} returns null when full:
 * the caller keeps its data and retries); status envelopes are small and few and are always written.
 *
 * <p>Sent-interval ledger: {@link #alreadyWritten} tells whether an interval (measure, scope, start) was durably
 * written by this agent in any run: its key is in an envelope file still here, or in {@code sent-intervals.log},
 * where the keys of acknowledged envelopes are appended and forced BEFORE their files are deleted. A crash at any
 * point thus leaves every written interval in one of the two; a file set aside as torn at {@link #open} is in
 * neither, so its intervals count as never written (an agent replaying its source recomputes and re-sends them).
 *
 * <p>Threading: thread-safe (writes on the driver thread, acks on the MQTT client's thread, re-sends on the
 * scheduler).
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final String SET_ASIDE_DIR = "set-aside";

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
    private final AckTrust trust;

    private Outbox(Path dir, String agentId, int maxMessages, SequenceStore sequences) throws IOException {
        this.dir = dir;
        this.agentId = agentId;
        this.maxMessages = maxMessages;
        this.sequences = sequences;
        this.trust = new AckTrust(agentId, sequences.bootEpoch());
        this.ackedIntervals = AckedIntervalsFile.open(dir.getParent(), ledger);
        this.setAside = load();
    }

    /** Points in the outbox's work where a test may stop it as a crash would ({@link #onStep}, {@link #halt}). */
    public enum Step {
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

    private int load() throws IOException {
        int movedAside = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                String problem = loadOne(file);
                if (problem != null) {
                    setAside(file, problem);
                    movedAside++;
                }
            }
        }
        if (!entries.isEmpty()) {
            LOG.info("outbox {} holds {} unacknowledged envelopes (sequences {}..{})", dir, entries.size(),
                    entries.firstKey(), entries.lastKey());
        }
        return movedAside;
    }

    /** Loads one file; returns null when it is a good envelope, else what is wrong with it. */
    private String loadOne(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(OutboxFile.SUFFIX)) {
            return "not an outbox envelope file (a partial write left by a crash?)";
        }
        long sequenceFromName;
        try {
            sequenceFromName = Long.parseLong(name.substring(0, name.length() - OutboxFile.SUFFIX.length()));
        } catch (NumberFormatException e) {
            return "file name is not a sequence number";
        }
        try {
            Envelope envelope = Envelope.parseFrom(OutboxFile.read(file));
            if (!agentId.equals(envelope.getAgentId())) {
                return "envelope of agent '" + envelope.getAgentId() + "', not '" + agentId + "'";
            }
            if (envelope.getSequence() != sequenceFromName) {
                return "envelope sequence " + envelope.getSequence() + " does not match the file name";
            }
            String suffix = topicSuffix(envelope);
            if (suffix == null) {
                return "envelope has no body";
            }
            OutboxEntry entry = new OutboxEntry(envelope.getBootEpoch(), sequenceFromName, suffix, file,
                    keysOf(envelope));
            entries.put(sequenceFromName, entry);
            if (entry.keys() != null) {
                ledger.hold(entry.keys());
            }
            return null;
        } catch (InvalidProtocolBufferException e) {
            return "not a protobuf Envelope: " + e.getMessage();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private void setAside(Path file, String problem) throws IOException {
        Path asideDir = dir.resolve(SET_ASIDE_DIR);
        Files.createDirectories(asideDir);
        Path target = asideDir.resolve(file.getFileName());
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("outbox file {} set aside to {}: {}", file.getFileName(), target, problem);
    }

    private static IntervalReportBatch keysOf(Envelope envelope) {
        return envelope.hasIntervals() ? SentIntervals.keysOf(envelope.getIntervals()) : null;
    }

    static String topicSuffix(Envelope envelope) {
        return switch (envelope.getBodyCase()) {
            case STATUS -> Topics.Suffix.STATUS.level();
            case INTERVALS -> Topics.Suffix.INTERVALS.level();
            case EVENTS -> Topics.Suffix.EVENTS.level();
            case BODY_NOT_SET -> null;
        };
    }

    /** An envelope written to the outbox, with the bytes to publish. */
    public record Written(OutboxEntry entry, byte[] payload) {
    }

    /**
     * Gives {@code body} the next identity (agent id, boot epoch, sequence) and writes it durably.
     *
     * @param body an envelope with its body and creation time set; identity fields are overwritten
     * @return what was written, or null when the outbox is full and {@code body} is not a status
     * @throws IOException if the envelope could not be made durable (nothing was written)
     */
    public synchronized Written write(Envelope.Builder body) throws IOException {
        if (halted) {
            throw new IOException("outbox " + dir + " is halted");
        }
        boolean status = body.getBodyCase() == Envelope.BodyCase.STATUS;
        if (!status && entries.size() >= maxMessages) {
            return null;
        }
        long sequence = sequences.next();
        Envelope envelope = body.setAgentId(agentId).setBootEpoch(sequences.bootEpoch()).setSequence(sequence).build();
        byte[] payload = envelope.toByteArray();
        Path file = dir.resolve(OutboxFile.fileName(sequence));
        DurableFiles.writeAtomically(file, OutboxFile.header(payload), ByteBuffer.wrap(payload));
        OutboxEntry entry = new OutboxEntry(envelope.getBootEpoch(), sequence, topicSuffix(envelope), file,
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
     * Tells the outbox that {@code entry} is about to be handed to MQTT (called before the publish, so an Ack that
     * overtakes the publish's return still finds it offered). Only offered entries can be acknowledged.
     */
    public synchronized void offering(OutboxEntry entry) {
        trust.offered(entry);
    }

    /** As {@link #acknowledge(List, String)}, naming no topic in the log. */
    public int acknowledge(List<AckedRange> ranges) {
        return acknowledge(ranges, "an Ack");
    }

    /**
     * Deletes the envelopes the ranges cover (same boot epoch, sequence within the range, compared unsigned) that
     * this run offered to MQTT, but nothing of a range no collector can have sent ({@link AckTrust}: counted in
     * {@link #ackRangesIgnored}, logged naming {@code topic}).
     *
     * @return how many were deleted
     */
    public synchronized int acknowledge(List<AckedRange> ranges, String topic) {
        if (halted) {
            return 0;
        }
        List<OutboxEntry> covered = new ArrayList<>();
        for (AckedRange range : ranges) {
            covered.addAll(trust.deletable(range, entries, topic));
        }
        if (covered.isEmpty()) {
            return 0;
        }
        IntervalReportBatch.Builder keys = IntervalReportBatch.newBuilder();
        for (OutboxEntry entry : covered) {
            if (entry.keys() != null) {
                keys.mergeFrom(entry.keys());
            }
        }
        if (keys.getIntervalsCount() > 0 || keys.getWatermarksCount() > 0) {
            IntervalReportBatch ackedKeys = keys.build();
            try {
                ackedIntervals.append(ackedKeys);
            } catch (IOException e) {
                // Deleting now could lose the only durable trace of these intervals: keep the files; a later
                // (cumulative) Ack deletes them once the ledger can be written.
                ledgerFailures++;
                LOG.warn("cannot append {} acknowledged intervals to the sent-interval ledger; their {} envelopes "
                        + "stay in the outbox: {}", ackedKeys.getIntervalsCount(), covered.size(), e.toString());
                return 0;
            }
            ledger.acknowledge(ackedKeys);
        }
        stepHook.accept(Step.ACKED_KEYS_APPENDED);
        int deleted = 0;
        for (OutboxEntry entry : covered) {
            entries.remove(entry.sequence());
            if (entry.keys() != null) {
                ledger.release(entry.keys());
            }
            deleted++;
            try {
                Files.deleteIfExists(entry.file());
            } catch (IOException e) {
                // A file that comes back after a restart is only re-sent: the collector dedups it.
                LOG.warn("cannot delete acknowledged outbox file {}: {}", entry.file().getFileName(), e.toString());
            }
        }
        if (deleted > 0) {
            acked += deleted;
            notifyAll();
        }
        return deleted;
    }

    /** Ack ranges ignored because no collector can have sent them (see {@link #acknowledge(List, String)}). */
    public synchronized long ackRangesIgnored() {
        return trust.ignored();
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

    /** Calls {@code hook} at each {@link Step} (tests: simulate a crash there with {@link #halt}). */
    public void onStep(Consumer<Step> hook) {
        stepHook = java.util.Objects.requireNonNull(hook, "hook");
    }

    /**
     * Freezes the files as a power cut would: from now on nothing is written or deleted ({@link #write} throws,
     * {@link #acknowledge} does nothing). For crash tests; the agent using this outbox is then abandoned.
     */
    public synchronized void halt() {
        halted = true;
    }

    /** Unacknowledged entries in sequence order (a copy). */
    public synchronized List<OutboxEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized boolean contains(long sequence) {
        return entries.containsKey(sequence);
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
