package io.pmr.hardware.tap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes a {@link TapCheckpoint} file. Format (big-endian, {@link DataOutputStream}): magic
 * {@code PMRT}, version 1, the fields, then the CRC32C of every byte before it. Strings are a length and
 * UTF-8 bytes. Writes are durable: a temporary file beside the target is written, forced to disk, and
 * renamed over the target atomically; the directory is then forced where the platform allows it.
 * Not thread-safe: the tap calls it under its lock.
 */
final class CheckpointStore {
    static final int MAGIC = 0x504D5254; // "PMRT"
    static final int VERSION = 1;
    /** Beyond what any valid checkpoint holds (100 M pending ids of at most 16 MiB would be larger: refused). */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;

    /** A checkpoint file that cannot be used: {@code why} names what is wrong. */
    static final class Damaged extends Exception {
        Damaged(String why) {
            super(why);
        }
    }

    private final Path file;

    CheckpointStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The saved checkpoint, or null when there is none. @throws Damaged when it cannot be used */
    TapCheckpoint load() throws IOException, Damaged {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Damaged("larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < 12) {
            throw new Damaged("only " + bytes.length + " bytes long");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new Damaged("checksum mismatch (CRC32C " + Integer.toHexString((int) crc.getValue()) + ", saved "
                    + Integer.toHexString(stored) + ")");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
        try {
            TapCheckpoint checkpoint = decode(in, bytes.length);
            if (in.available() != 0) {
                throw new Damaged(in.available() + " unexpected bytes after the data");
            }
            return checkpoint;
        } catch (EOFException e) {
            throw new Damaged("ends early");
        }
    }

    /** Writes durably over any earlier checkpoint. */
    void save(TapCheckpoint checkpoint) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        encode(checkpoint, out);
        out.flush();
        CRC32C crc = new CRC32C();
        byte[] data = buffer.toByteArray();
        crc.update(data);
        out.writeInt((int) crc.getValue());
        out.flush();
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Removes the checkpoint durably (it has been taken up: a crash must not resume from it again). */
    void delete() throws IOException {
        Files.deleteIfExists(file);
        forceDirectory();
    }

    /** Moves a damaged checkpoint aside to {@code <name>.damaged} (replacing an older one); returns where. */
    Path setAside() throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged");
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        return aside;
    }

    private void forceDirectory() {
        Path directory = file.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or force a directory; the rename is then as durable as they allow.
        }
    }

    private static void encode(TapCheckpoint c, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeString(out, c.logPath());
        ReadPosition read = c.read();
        out.writeBoolean(read != null);
        if (read != null) {
            writeString(out, read.fileKey());
            out.writeInt(read.firstBytesCount());
            out.write(read.firstBytesHash());
            out.writeInt(read.tailBytesCount());
            out.write(read.tailHash());
            out.writeLong(read.position());
            out.writeLong(read.lineNumber());
            out.writeLong(read.skipBelowOffset());
        }
        List<String> header = c.header();
        out.writeInt(header == null ? -1 : header.size());
        if (header != null) {
            for (String column : header) {
                writeString(out, column);
            }
        }
        out.writeLong(c.nextId());
        out.writeInt(c.pending().size());
        for (Map.Entry<String, Long> entry : c.pending().entrySet()) {
            writeString(out, entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    private static TapCheckpoint decode(DataInputStream in, int fileBytes) throws IOException, Damaged {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new Damaged("not a trace tap checkpoint (magic " + Integer.toHexString(magic) + ")");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new Damaged("unsupported version " + version + " (this tap reads " + VERSION + ")");
        }
        String logPath = readString(in, fileBytes);
        ReadPosition read = null;
        if (in.readBoolean()) {
            String fileKey = readString(in, fileBytes);
            int firstCount = readCount(in, "first-bytes count", ReadPosition.HINT_BYTES);
            byte[] firstHash = in.readNBytes(ReadPosition.HASH_BYTES);
            if (firstHash.length != ReadPosition.HASH_BYTES) {
                throw new EOFException();
            }
            int tailCount = readCount(in, "tail-bytes count", ReadPosition.HINT_BYTES);
            byte[] tailHash = in.readNBytes(ReadPosition.HASH_BYTES);
            if (tailHash.length != ReadPosition.HASH_BYTES) {
                throw new EOFException();
            }
            long position = in.readLong();
            long lineNumber = in.readLong();
            long skipBelow = in.readLong();
            if (position < tailCount || lineNumber < 0 || skipBelow < 0) {
                throw new Damaged("invalid read position " + position + ", line " + lineNumber + ", skip offset "
                        + skipBelow);
            }
            read = new ReadPosition(fileKey, firstCount, firstHash, tailCount, tailHash, position, lineNumber,
                    skipBelow);
        }
        int headerSize = in.readInt();
        List<String> header = null;
        if (headerSize >= 0) {
            if (headerSize > fileBytes / 4) {
                throw new Damaged("invalid header column count " + headerSize);
            }
            header = new ArrayList<>(headerSize);
            for (int i = 0; i < headerSize; i++) {
                header.add(readString(in, fileBytes));
            }
        } else if (headerSize != -1) {
            throw new Damaged("invalid header column count " + headerSize);
        }
        long nextId = in.readLong();
        if (nextId < 1) {
            throw new Damaged("invalid next id " + nextId);
        }
        int count = in.readInt();
        if (count < 0 || count > fileBytes / 12) {
            throw new Damaged("invalid pending count " + count);
        }
        LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String messageId = readString(in, fileBytes);
            long id = in.readLong();
            if (id < 1 || id >= nextId) {
                throw new Damaged("pending message id '" + messageId + "' has id " + id + ", outside 1.."
                        + (nextId - 1));
            }
            if (pending.put(messageId, id) != null) {
                throw new Damaged("pending message id '" + messageId + "' appears twice");
            }
        }
        return new TapCheckpoint(logPath, read, header, nextId, pending);
    }

    private static int readCount(DataInputStream in, String what, int max) throws IOException, Damaged {
        int value = in.readInt();
        if (value < 0 || value > max) {
            throw new Damaged("invalid " + what + " " + value);
        }
        return value;
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, int fileBytes) throws IOException, Damaged {
        int length = in.readInt();
        if (length < 0 || length > fileBytes) {
            throw new Damaged("invalid string length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
