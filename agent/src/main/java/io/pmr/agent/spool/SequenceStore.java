package io.pmr.agent.spool;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The agent's identity counters, persisted in {@code {dataDir}/agent.state}: the boot epoch (a fresh one drawn
 * by {@link BootEpochs} and persisted at each {@link #open}: unique even when the state is lost, and greater than
 * the last one when it is not) and the sequence high-water mark. Numbers are reserved in blocks:
 * the end of the block is written (temp file, fsync, atomic rename) BEFORE any number of the block is
 * used, so after a crash the next boot starts past everything that may have been used, and a sequence
 * number never repeats.
 *
 * <p>Threading: {@link #next()} is synchronized.
 */
public final class SequenceStore {
    static final String FILE_NAME = "agent.state";
    static final long BLOCK = 1_000;

    private final Path file;
    private final long bootEpoch;
    private long next;
    private long reservedThrough;

    private SequenceStore(Path file, long bootEpoch, long next) throws IOException {
        this.file = file;
        this.bootEpoch = bootEpoch;
        this.next = next;
        this.reservedThrough = next;
        reserve();
    }

    /** {@link #open(Path, BootEpochs)} with the system clock and a {@link java.security.SecureRandom}. */
    public static SequenceStore open(Path dataDir) throws IOException {
        return open(dataDir, BootEpochs.system());
    }

    /**
     * Reads the state (or starts at sequence 1 when there is none), draws a new boot epoch and persists both
     * with a fresh reserved block.
     *
     * @throws OrphanedDataDirException if there is no state file but the data dir holds an outbox envelope or a
     *                                  sent-interval ledger (nothing is written then)
     * @throws IOException if the state file cannot be read, is corrupt (named in the message), or cannot be written
     */
    public static SequenceStore open(Path dataDir, BootEpochs epochs) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        long previousEpoch = 0;
        long next = 1;
        if (!Files.exists(file)) {
            refuseOrphanedData(dataDir);
        } else {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
                previousEpoch = Long.parseLong(properties.getProperty("bootEpoch"));
                next = Long.parseLong(properties.getProperty("reservedThrough"));
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IOException("corrupt agent state file " + file + ": not UTF-8 text", e);
            } catch (IllegalArgumentException | NullPointerException e) {
                // Guessing would risk reusing sequence numbers: refuse to start instead. IllegalArgumentException
                // covers both a malformed unicode escape (Properties.load) and NumberFormatException.
                throw new IOException("corrupt agent state file " + file + ": expected bootEpoch and reservedThrough", e);
            }
            // The next boot epoch and the next reserved block must not wrap past Long.MAX_VALUE.
            if (previousEpoch < 0 || previousEpoch == Long.MAX_VALUE || next < 1 || next > Long.MAX_VALUE - 2 * BLOCK) {
                throw new IOException("corrupt agent state file " + file + ": bootEpoch " + previousEpoch
                        + ", reservedThrough " + next);
            }
        }
        return new SequenceStore(file, epochs.next(previousEpoch), next);
    }

    private static void refuseOrphanedData(Path dataDir) throws IOException {
        Path outbox = dataDir.resolve("outbox");
        long envelopes = 0;
        if (Files.isDirectory(outbox)) {
            try (var files = Files.list(outbox)) {
                envelopes = files.filter(Files::isRegularFile).count();
            }
        }
        boolean ledger = Files.exists(dataDir.resolve(AckedIntervalsFile.FILE_NAME));
        if (envelopes > 0 || ledger) {
            String found = (envelopes > 0 ? "an outbox with " + envelopes + " file(s)" : "")
                    + (envelopes > 0 && ledger ? " and " : "")
                    + (ledger ? "a sent-interval ledger (" + AckedIntervalsFile.FILE_NAME + ")" : "");
            throw new OrphanedDataDirException(dataDir, found);
        }
    }

    public long bootEpoch() {
        return bootEpoch;
    }

    /** The next sequence number, never used before by this agent (persists a new block first when needed). */
    public synchronized long next() throws IOException {
        if (next == reservedThrough) {
            reserve();
        }
        return next++;
    }

    private void reserve() throws IOException {
        long through = next + BLOCK;
        String text = String.format(Locale.ROOT, "# pmr agent state: do not edit%nbootEpoch=%d%nreservedThrough=%d%n",
                bootEpoch, through);
        DurableFiles.writeAtomically(file, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        reservedThrough = through;
    }
}
