package io.pmr.hardware.tap;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for the tap's checkpoint file ({@link CheckpointStore}): a body altered by a hostile hand, with its
 * CRC32C recomputed so the checksum does not catch it, loads or is refused as {@link CheckpointStore.Damaged} naming
 * why; lengths and counts are bounded by the file's size, so nothing throws and nothing large is allocated.
 */
class CheckpointHostileTest {
    private static final HostileTally TALLY = HostileTally.of("CheckpointHostileTest");
    private static final HostileTally.Decoder LOAD = TALLY.decoder("CheckpointStore");

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    private static TapCheckpoint checkpoint() {
        LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
        pending.put("m-1", 3L);
        pending.put("m,2", 4L);
        byte[] hash = new byte[ReadPosition.HASH_BYTES];
        Arrays.fill(hash, (byte) 7);
        return new TapCheckpoint("/var/log/trace.csv", new ReadPosition("inode:42", 64, hash, 10, hash, 1_000, 12, 0),
                List.of("message_id", "direction", "kind", "device", "region", "timestamp"), 5, pending);
    }

    private static byte[] savedBytes;

    /** The durable save (fsync) once: each try then only writes the altered bytes. */
    private static synchronized byte[] saved() throws IOException {
        if (savedBytes == null) {
            Path dir = Files.createTempDirectory("checkpoint-saved");
            Path file = dir.resolve("tap.checkpoint");
            new CheckpointStore(file).save(checkpoint());
            savedBytes = Files.readAllBytes(file);
            Files.delete(file);
            Files.delete(dir);
        }
        return savedBytes;
    }

    @Property(tries = 1000, seed = "6060801")
    void aBodyAlteredWithItsChecksumRecomputedLoadsOrIsDamagedNeverAThrow(
            @ForAll("mutations") List<Mutation> mutations) throws IOException {
        Path dir = Files.createTempDirectory("checkpoint-hostile");
        Path file = dir.resolve("tap.checkpoint");
        try {
            CheckpointStore store = new CheckpointStore(file);
            byte[] saved = saved();
            byte[] body = Mutation.applyAll(Arrays.copyOf(saved, saved.length - 4), mutations);
            CRC32C crc = new CRC32C();
            crc.update(body);
            Files.write(file, ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array());
            try {
                TapCheckpoint loaded = store.load();
                LOAD.accepted();
                if (Arrays.equals(body, Arrays.copyOf(saved, saved.length - 4))) {
                    assertEquals(checkpoint().pending(), loaded.pending());
                }
            } catch (CheckpointStore.Damaged e) {
                LOAD.rejected(e.getMessage());
            } catch (Throwable t) {
                throw LOAD.crash(t);
            }
        } finally {
            Files.deleteIfExists(file);
            try (var left = Files.list(dir)) {
                for (Path other : left.toList()) {
                    Files.delete(other);
                }
            }
            Files.delete(dir);
        }
    }
}
