package io.pmr.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32C;
import org.slf4j.Logger;

/**
 * The framing the agent's stop-time snapshots share ({@link PendingSnapshot}, {@link OpenWindowSnapshot}): magic,
 * version, count (ints), fixed-size entries, then a CRC32C (long) of everything before it. Written atomically and
 * durably ({@link DurableFiles}); a file that fails its checks is set aside as {@code <name>.damaged}, logged with
 * what it held, and read as absent, so what it held is lost, never counted twice.
 */
final class SnapshotFrame {
    static final int HEADER_BYTES = 12;
    static final int TRAILER_BYTES = 8;

    private SnapshotFrame() {
    }

    /** A buffer for {@code count} entries with the header written; fill the entries, then {@link #seal}. */
    static ByteBuffer start(int magic, int version, int count, int entryBytes) {
        return ByteBuffer.allocate(HEADER_BYTES + count * entryBytes + TRAILER_BYTES)
                .putInt(magic).putInt(version).putInt(count);
    }

    /** Appends the checksum and writes the file atomically and durably. */
    static void seal(ByteBuffer out, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        out.flip();
        DurableFiles.writeAtomically(file, out);
    }

    /**
     * Checks the frame: length, magic, version, count against the length, checksum.
     *
     * @param what       names the snapshot in messages, e.g. {@code pending-events snapshot}
     * @param entryBytes the entry size of a version, or 0 for a version this code does not read
     * @return what is wrong, or null
     */
    static String check(byte[] bytes, int magic, String what, IntUnaryOperator entryBytes) {
        if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
            return "only " + bytes.length + " bytes";
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != magic) {
            return "not a " + what + " (bad magic)";
        }
        int version = in.getInt();
        int size = entryBytes.applyAsInt(version);
        if (size <= 0) {
            return "unknown version " + version;
        }
        int count = in.getInt();
        if (count < 0 || HEADER_BYTES + (long) count * size + TRAILER_BYTES != bytes.length) {
            return "count " + count + " does not match the length " + bytes.length;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER_BYTES);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - TRAILER_BYTES, TRAILER_BYTES).getLong()) {
            return "checksum mismatch";
        }
        return null;
    }

    /**
     * The file's bytes, or null when there is no file or it is damaged ({@code check} says what is wrong; the file
     * is then set aside and the loss logged).
     *
     * @param lost what the reader loses with a damaged file, for the log
     */
    static byte[] read(Path dataDir, String fileName, Function<byte[], String> check, Logger log, String lost)
            throws IOException {
        Path file = dataDir.resolve(fileName);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        String problem = check.apply(bytes);
        if (problem != null) {
            Path aside = dataDir.resolve(fileName + ".damaged");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            log.error("{}: {}; set aside as {}: {}", file, problem, aside.getFileName(), lost);
            return null;
        }
        return bytes;
    }
}
