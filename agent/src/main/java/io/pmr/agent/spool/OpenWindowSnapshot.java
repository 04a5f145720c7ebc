package io.pmr.agent.spool;

import io.pmr.hardware.EventKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        ByteBuffer out = ByteBuffer.allocate(12 + windows.size() * ENTRY_BYTES + 8);
        out.putInt(MAGIC).putInt(VERSION).putInt(windows.size());
        for (Open window : windows) {
            out.putInt(window.kind().ordinal()).putLong(window.startEpochNanos());
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        out.flip();
        DurableFiles.writeAtomically(file, out);
    }

    /** Reads and removes the snapshot; empty when there is none or it is damaged (then set aside). */
    public static List<Open> take(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        String problem = check(bytes);
        if (problem != null) {
            Path aside = dataDir.resolve(FILE_NAME + ".damaged");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("{}: {}; set aside as {}: the open down windows it held reopen at the next down probe", file,
                    problem, aside.getFileName());
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(8);
        int count = in.getInt();
        List<Open> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            windows.add(new Open(EventKind.every()[in.getInt()], in.getLong()));
        }
        Files.delete(file);
        return windows;
    }

    private static String check(byte[] bytes) {
        if (bytes.length < 20) {
            return "only " + bytes.length + " bytes";
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            return "not an open-windows snapshot (bad magic)";
        }
        int version = in.getInt();
        if (version != VERSION) {
            return "unknown version " + version;
        }
        int count = in.getInt();
        if (count < 0 || 12L + (long) count * ENTRY_BYTES + 8 != bytes.length) {
            return "count " + count + " does not match the length " + bytes.length;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
            return "checksum mismatch";
        }
        for (int i = 0; i < count; i++) {
            int kind = in.getInt(12 + i * ENTRY_BYTES);
            if (kind < 0 || kind >= EventKind.every().length || !EventKind.every()[kind].availabilityProbe()) {
                return "window " + i + " has kind " + kind + ", not an availability probe";
            }
        }
        return null;
    }
}
