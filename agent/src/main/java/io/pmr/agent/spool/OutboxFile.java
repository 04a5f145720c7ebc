package io.pmr.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one outbox envelope: {@code magic "PMRO" | payload length | CRC32C of payload |
 * Envelope bytes}, big-endian. The length and checksum tell a partial or damaged file from a good one,
 * which protobuf alone cannot (a truncated message may still parse).
 */
final class OutboxFile {
    static final int MAGIC = 0x504D524F;
    static final int HEADER_BYTES = 12;
    static final String SUFFIX = ".env";

    private OutboxFile() {
    }

    /**
     * The file of a sequence: its decimal digits zero-padded to 20, then {@link #SUFFIX}, as
     * {@code String.format("%020d%s")} gives it; padded by hand for a sequence at or above 0 (every sequence an outbox
     * gives), because the formatter's parse of its pattern cost more than writing the envelope's bytes.
     */
    static String fileName(long sequence) {
        if (sequence < 0) {
            return String.format(java.util.Locale.ROOT, "%020d%s", sequence, SUFFIX);
        }
        String digits = Long.toString(sequence);
        return "0".repeat(20 - digits.length()) + digits + SUFFIX;
    }

    static ByteBuffer header(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue()).flip();
        return header;
    }

    /**
     * Reads and checks a file; returns its payload.
     *
     * @throws CorruptOutboxFileException naming what is wrong
     */
    static byte[] read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < HEADER_BYTES) {
            throw new CorruptOutboxFileException("shorter than its header (" + all.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(all);
        int magic = buffer.getInt();
        int length = buffer.getInt();
        int expectedCrc = buffer.getInt();
        if (magic != MAGIC) {
            throw new CorruptOutboxFileException("bad magic 0x" + Integer.toHexString(magic));
        }
        if (length != all.length - HEADER_BYTES) {
            throw new CorruptOutboxFileException("payload is " + (all.length - HEADER_BYTES)
                    + " bytes, header says " + length + " (partial write?)");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, HEADER_BYTES, length);
        if ((int) crc.getValue() != expectedCrc) {
            throw new CorruptOutboxFileException("checksum mismatch");
        }
        byte[] payload = new byte[length];
        System.arraycopy(all, HEADER_BYTES, payload, 0, length);
        return payload;
    }

    /** A file that is not a complete, intact outbox envelope. */
    static final class CorruptOutboxFileException extends IOException {
        CorruptOutboxFileException(String message) {
            super(message);
        }
    }
}
