package io.pmr.agent.spool;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PendingSnapshotDevicesTest {
    @TempDir
    Path dir;

    @Test
    void perDeviceEventsKeepTheirDeviceAndGroup() throws IOException {
        List<PendingSnapshot.Pending> events = List.of(
                new PendingSnapshot.Pending(3, EventKind.POWER_LOSS_ALERT, HubVariant.SKU2, 1_600_000_000_000_000_000L,
                        0x1_0000_0042L, 0x1_0100_0007L),
                new PendingSnapshot.Pending(4, EventKind.RTT4, HubVariant.SKU1, 5));
        PendingSnapshot.write(dir, events);
        assertEquals(events, PendingSnapshot.take(dir));
    }

    @Test
    void aVersionOneFileIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x504d5250);
        out.writeInt(1);
        out.writeInt(1);
        out.writeLong(9);
        out.writeInt(EventKind.RTT2.ordinal());
        out.writeInt(HubVariant.SKU1.ordinal());
        out.writeLong(123);
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        Files.write(dir.resolve(PendingSnapshot.FILE_NAME), bytes.toByteArray());
        assertEquals(List.of(new PendingSnapshot.Pending(9, EventKind.RTT2, HubVariant.SKU1, 123)), PendingSnapshot.take(dir));
    }
}
