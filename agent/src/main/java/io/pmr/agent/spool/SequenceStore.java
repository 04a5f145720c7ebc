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
 * The agent's identity counters, persisted in {@code {dataDir}/agent.state}: the boot epoch (incremented
 * and persisted at each {@link #open}) and the sequence high-water mark. Numbers are reserved in blocks:
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

    /**
     * Reads the state (or starts at boot epoch 1, sequence 1), increments the boot epoch and persists it
     * with a fresh reserved block.
     *
     * @throws IOException if the state file cannot be read, is corrupt (named in the message), or cannot be written
     */
    public static SequenceStore open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        long previousEpoch = 0;
        long next = 1;
        if (Files.exists(file)) {
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
        return new SequenceStore(file, previousEpoch + 1, next);
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
