package io.pmr.agent.spool;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The events still waiting for their end when an agent stopped, so the next start takes them up again:
 * their completed neighbours were sent at the stop, they are counted once, when they end or time out.
 *
 * <p>File {@code pending.bin}: magic {@code PMRP}, version, count, then per event message id (long), kind and
 * variant ordinals (int), start (epoch nanos, long), and since version 2 device id and group id (long, 0 for
 * events that are not per-device); a CRC32C of all that ends the file. Version 1 files are still read. Written to a temporary
 * file, forced, and atomically renamed. A damaged file is reported with its name and why, set aside, and read
 * as empty: its events are lost, never counted twice.
 *
 * <p>Threading: called at start and at close, from one thread.
 */
public final class PendingSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(PendingSnapshot.class);
    private static final int MAGIC = 0x504d5250;
    private static final int VERSION = 2;
    private static final int RECORD_BYTES_V1 = 8 + 4 + 4 + 8;
    private static final int RECORD_BYTES = RECORD_BYTES_V1 + 8 + 8;
    public static final String FILE_NAME = "pending.bin";

    /** One event waiting for its end; deviceId and groupId are 0 unless it is per-device. */
    public record Pending(long messageId, EventKind kind, HubVariant variant, long startEpochNanos, long deviceId,
                          long groupId) {
        /** An event that is not per-device. */
        public Pending(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
            this(messageId, kind, variant, startEpochNanos, 0, 0);
        }
    }

    private PendingSnapshot() {
    }

    /** Writes the snapshot durably (replacing any earlier one); an empty list removes the file. */
    public static void write(Path dataDir, List<Pending> events) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (events.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + events.size() * RECORD_BYTES);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(events.size());
        for (Pending event : events) {
            out.writeLong(event.messageId());
            out.writeInt(event.kind().ordinal());
            out.writeInt(event.variant().ordinal());
            out.writeLong(event.startEpochNanos());
            out.writeLong(event.deviceId());
            out.writeLong(event.groupId());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads and removes the snapshot; empty when there is none. A damaged file is set aside as
     * {@code pending.bin.damaged} and read as empty.
     */
    public static List<Pending> take(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        String problem = check(bytes);
        if (problem != null) {
            Path aside = dataDir.resolve(FILE_NAME + ".damaged");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("{}: {}; set aside as {}: the events it held are lost", file, problem, aside.getFileName());
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        boolean withDevices = in.getInt(4) >= 2;
        in.position(8);
        int count = in.getInt();
        EventKind[] kinds = EventKind.every();
        HubVariant[] variants = HubVariant.values();
        List<Pending> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new Pending(in.getLong(), kinds[in.getInt()], variants[in.getInt()], in.getLong(),
                    withDevices ? in.getLong() : 0, withDevices ? in.getLong() : 0));
        }
        Files.delete(file);
        return events;
    }

    private static String check(byte[] bytes) {
        if (bytes.length < 20) {
            return "only " + bytes.length + " bytes";
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            return "not a pending-events snapshot (bad magic)";
        }
        int version = in.getInt();
        if (version != 1 && version != VERSION) {
            return "unknown version " + version;
        }
        int recordBytes = version == 1 ? RECORD_BYTES_V1 : RECORD_BYTES;
        int count = in.getInt();
        if (count < 0 || 12L + (long) count * recordBytes + 8 != bytes.length) {
            return "count " + count + " does not match the length " + bytes.length;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
            return "checksum mismatch";
        }
        for (int i = 0; i < count; i++) {
            int kind = in.getInt(12 + i * recordBytes + 8);
            int variant = in.getInt(12 + i * recordBytes + 12);
            if (kind < 0 || kind >= EventKind.every().length || variant < 0 || variant >= HubVariant.values().length) {
                return "event " + i + " has kind " + kind + " and variant " + variant;
            }
        }
        return null;
    }
}
