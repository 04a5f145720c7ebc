package io.pmr.agent.spool;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable outbox in {@code {dataDir}/outbox/}: every envelope is written here (temp file, force,
 * atomic rename, directory fsync) BEFORE it is published, and deleted only when the collector's
 * {@code Ack} lists its (boot epoch, sequence). It survives restarts: {@link #open} loads what is left,
 * and sets aside (into {@code outbox/set-aside/}) files that are partial or corrupt, logging each by name.
 *
 * <p>Bounded by {@code maxMessages} for interval and event batches ({@link #write} returns null when full:
 * the caller keeps its data and retries); status envelopes are small and few and are always written.
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
    private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>();
    private final int setAside;
    private long written;
    private long acked;

    private Outbox(Path dir, String agentId, int maxMessages, SequenceStore sequences) throws IOException {
        this.dir = dir;
        this.agentId = agentId;
        this.maxMessages = maxMessages;
        this.sequences = sequences;
        this.setAside = load();
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
            entries.put(sequenceFromName, new OutboxEntry(envelope.getBootEpoch(), sequenceFromName, suffix, file));
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

    static String topicSuffix(Envelope envelope) {
        return switch (envelope.getBodyCase()) {
            case STATUS -> "status";
            case INTERVALS -> "intervals";
            case EVENTS -> "events";
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
        boolean status = body.getBodyCase() == Envelope.BodyCase.STATUS;
        if (!status && entries.size() >= maxMessages) {
            return null;
        }
        long sequence = sequences.next();
        Envelope envelope = body.setAgentId(agentId).setBootEpoch(sequences.bootEpoch()).setSequence(sequence).build();
        byte[] payload = envelope.toByteArray();
        Path file = dir.resolve(OutboxFile.fileName(sequence));
        DurableFiles.writeAtomically(file, OutboxFile.header(payload), ByteBuffer.wrap(payload));
        OutboxEntry entry = new OutboxEntry(envelope.getBootEpoch(), sequence, topicSuffix(envelope), file);
        entries.put(sequence, entry);
        written++;
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
     * Deletes the envelopes the ranges cover (same boot epoch, sequence within the range).
     *
     * @return how many were deleted
     */
    public synchronized int acknowledge(List<AckedRange> ranges) {
        int deleted = 0;
        for (AckedRange range : ranges) {
            if (range.getFirstSequence() > range.getLastSequence()) {
                continue;
            }
            Map<Long, OutboxEntry> covered = entries.subMap(range.getFirstSequence(), true, range.getLastSequence(), true);
            var it = covered.values().iterator();
            while (it.hasNext()) {
                OutboxEntry entry = it.next();
                if (entry.bootEpoch() != range.getBootEpoch()) {
                    continue;
                }
                it.remove();
                deleted++;
                try {
                    Files.deleteIfExists(entry.file());
                } catch (IOException e) {
                    // A file that comes back after a restart is only re-sent: the collector dedups it.
                    LOG.warn("cannot delete acknowledged outbox file {}: {}", entry.file().getFileName(), e.toString());
                }
            }
        }
        if (deleted > 0) {
            acked += deleted;
            notifyAll();
        }
        return deleted;
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
