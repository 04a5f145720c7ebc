package io.pmr.agent.spool;

import io.pmr.hardware.EventKind;
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
 * The down windows of availability probes still open when an agent stopped gracefully, so the next start reopens
 * them at their original start: a window is neither cut at the stop nor counted twice, and the probed measure's
 * watermark stays behind it across the restart (a companion of {@link PendingSnapshot}, written at the same moment;
 * the probes still waiting for a verdict travel there).
 *
 * <p>File {@code open-windows.bin}: magic {@code PMRW}, version 1, count, then per window the kind ordinal (int) and
 * its start (epoch nanos, long); a CRC32C of all that ends the file. Written atomically and durably; a damaged file is
 * reported, set aside as {@code open-windows.bin.damaged} and read as empty (the window then reopens at the first
 * down probe after the restart: the down time before it is lost, never counted twice).
 *
 * <p>Threading: called at start and at close, from one thread.
 */
public final class OpenWindowSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(OpenWindowSnapshot.class);
    private static final int MAGIC = 0x504d5257;
    private static final int VERSION = 1;
    private static final int ENTRY_BYTES = 4 + 8;
    public static final String FILE_NAME = "open-windows.bin";

    /** A window of a probe kind open since {@code startEpochNanos}. */
    public record Open(EventKind kind, long startEpochNanos) {
    }

    private OpenWindowSnapshot() {
    }

    /** Writes the snapshot durably (replacing any earlier one); an empty list removes the file. */
    public static void write(Path dataDir, List<Open> windows) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (windows.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        ByteBuffer out = SnapshotFrame.start(MAGIC, VERSION, windows.size(), ENTRY_BYTES);
        for (Open window : windows) {
            out.putInt(window.kind().ordinal()).putLong(window.startEpochNanos());
        }
        SnapshotFrame.seal(out, file);
    }

    /** Reads and removes the snapshot; empty when there is none or it is damaged (then set aside). */
    public static List<Open> take(Path dataDir) throws IOException {
        byte[] bytes = SnapshotFrame.read(dataDir, FILE_NAME, OpenWindowSnapshot::check, LOG,
                "the open down windows it held reopen at the next down probe");
        if (bytes == null) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(8);
        int count = in.getInt();
        List<Open> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            windows.add(new Open(EventKind.every()[in.getInt()], in.getLong()));
        }
        Files.delete(dataDir.resolve(FILE_NAME));
        return windows;
    }

    private static String check(byte[] bytes) {
        String problem = SnapshotFrame.check(bytes, MAGIC, "open-windows snapshot",
                version -> version == VERSION ? ENTRY_BYTES : 0);
        if (problem != null) {
            return problem;
        }
        int count = ByteBuffer.wrap(bytes).getInt(8);
        for (int i = 0; i < count; i++) {
            int kind = ByteBuffer.wrap(bytes).getInt(SnapshotFrame.HEADER_BYTES + i * ENTRY_BYTES);
            if (kind < 0 || kind >= EventKind.every().length || !EventKind.every()[kind].availabilityProbe()) {
                return "window " + i + " has kind " + kind + ", not an availability probe";
            }
        }
        return null;
    }
}
