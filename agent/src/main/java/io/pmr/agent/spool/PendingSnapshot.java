package io.pmr.agent.spool;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ByteBuffer out = SnapshotFrame.start(MAGIC, VERSION, events.size(), RECORD_BYTES);
        for (Pending event : events) {
            out.putLong(event.messageId()).putInt(event.kind().ordinal()).putInt(event.variant().ordinal())
                    .putLong(event.startEpochNanos()).putLong(event.deviceId()).putLong(event.groupId());
        }
        SnapshotFrame.seal(out, file);
    }

    /**
     * Reads and removes the snapshot; empty when there is none. A damaged file is set aside as
     * {@code pending.bin.damaged} and read as empty.
     */
    public static List<Pending> take(Path dataDir) throws IOException {
        byte[] bytes = SnapshotFrame.read(dataDir, FILE_NAME, PendingSnapshot::check, LOG,
                "the events it held are lost");
        if (bytes == null) {
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
        Files.delete(dataDir.resolve(FILE_NAME));
        return events;
    }

    private static int recordBytes(int version) {
        return version == 1 ? RECORD_BYTES_V1 : version == VERSION ? RECORD_BYTES : 0;
    }

    private static String check(byte[] bytes) {
        String problem = SnapshotFrame.check(bytes, MAGIC, "pending-events snapshot", PendingSnapshot::recordBytes);
        if (problem != null) {
            return problem;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int recordBytes = recordBytes(in.getInt(4));
        int count = in.getInt(8);
        for (int i = 0; i < count; i++) {
            int kind = in.getInt(SnapshotFrame.HEADER_BYTES + i * recordBytes + 8);
            int variant = in.getInt(SnapshotFrame.HEADER_BYTES + i * recordBytes + 12);
            if (kind < 0 || kind >= EventKind.every().length || variant < 0 || variant >= HubVariant.values().length) {
                return "event " + i + " has kind " + kind + " and variant " + variant;
            }
        }
        return null;
    }
}
