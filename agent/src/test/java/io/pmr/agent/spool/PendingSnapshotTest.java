package io.pmr.agent.spool;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingSnapshotTest {
    private static final List<PendingSnapshot.Pending> EVENTS = List.of(
            new PendingSnapshot.Pending(7, EventKind.RTT2, HubVariant.SKU2, 1_598_961_600_123_456_789L),
            new PendingSnapshot.Pending(-1, EventKind.CAT3_ALERT, HubVariant.SKU1, -5));

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenIsTakenOnceExactly() throws IOException {
        PendingSnapshot.write(dir, EVENTS);
        assertEquals(EVENTS, PendingSnapshot.take(dir));
        assertEquals(List.of(), PendingSnapshot.take(dir), "taken means gone: never counted twice");
    }

    @Test
    void nothingPendingLeavesNoFile() throws IOException {
        PendingSnapshot.write(dir, EVENTS);
        PendingSnapshot.write(dir, List.of());
        assertFalse(Files.exists(dir.resolve(PendingSnapshot.FILE_NAME)));
    }

    @Test
    void aDamagedSnapshotIsSetAsideAndReadAsEmpty() throws IOException {
        PendingSnapshot.write(dir, EVENTS);
        Path file = dir.resolve(PendingSnapshot.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[20] ^= 0x01;
        Files.write(file, bytes);

        assertEquals(List.of(), PendingSnapshot.take(dir));
        Path aside = dir.resolve(PendingSnapshot.FILE_NAME + ".damaged");
        assertTrue(Files.exists(aside));
        assertArrayEquals(bytes, Files.readAllBytes(aside), "kept for inspection, unchanged");
        assertFalse(Files.exists(file));
    }

    @Test
    void aTruncatedSnapshotIsSetAside() throws IOException {
        PendingSnapshot.write(dir, EVENTS);
        Path file = dir.resolve(PendingSnapshot.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertEquals(List.of(), PendingSnapshot.take(dir));
        assertTrue(Files.exists(dir.resolve(PendingSnapshot.FILE_NAME + ".damaged")));
    }
}
