package io.pmr.agent.spool;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.proto.v1.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeMap;

/**
 * What an {@link Outbox} finds in its directory at open: each envelope file of this agent, whole and named by its
 * sequence, is loaded as an unacknowledged entry (its interval keys held in the sent-interval ledger); a partial,
 * corrupt or foreign file is moved into {@code outbox/set-aside/} (never deleted) and logged with its name and what is
 * wrong, its intervals counting as never written. Runs once, in the outbox's constructor, on that thread.
 */
final class OutboxRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRecovery.class);
    static final String SET_ASIDE_DIR = "set-aside";

    private final Path dir;
    private final String agentId;
    private final TreeMap<Long, OutboxEntry> entries;
    private final SentIntervals ledger;

    private OutboxRecovery(Path dir, String agentId, TreeMap<Long, OutboxEntry> entries, SentIntervals ledger) {
        this.dir = dir;
        this.agentId = agentId;
        this.entries = entries;
        this.ledger = ledger;
    }

    /**
     * Loads every good envelope file of {@code dir} into {@code entries}, holding its interval keys in {@code ledger},
     * and sets aside the others, each logged with its name and what is wrong.
     *
     * @return how many files were set aside
     * @throws IOException if the directory cannot be listed or a bad file cannot be moved aside
     */
    static int load(Path dir, String agentId, TreeMap<Long, OutboxEntry> entries, SentIntervals ledger)
            throws IOException {
        return new OutboxRecovery(dir, agentId, entries, ledger).load();
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
            if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
                return "envelope has no body";
            }
            OutboxEntry entry = new OutboxEntry(envelope.getBootEpoch(), sequenceFromName, envelope.getBodyCase(),
                    file, Outbox.keysOf(envelope));
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
}
