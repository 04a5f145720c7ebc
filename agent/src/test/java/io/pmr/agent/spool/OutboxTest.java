package io.pmr.agent.spool;

import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    private static final String AGENT = "gw-1";

    @TempDir
    Path dataDir;

    private static Envelope.Builder batch(long watermark) {
        return Envelope.newBuilder().setCreatedEpochMillis(1).setIntervals(IntervalReportBatch.newBuilder()
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId("CSPN/PM4.3").setFinalThroughEpochMillis(watermark)));
    }

    private Outbox open(int max) throws IOException {
        return Outbox.open(dataDir, AGENT, max, SequenceStore.open(dataDir));
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }

    @Test
    void writtenEnvelopeIsOnDiskWithItsIdentityUntilAcknowledged() throws IOException {
        Outbox outbox = open(10);
        Outbox.Written written = written(outbox.write(batch(60_000)));

        Envelope envelope = Envelope.parseFrom(written.payload());
        assertEquals(AGENT, envelope.getAgentId());
        long epoch = outbox.bootEpoch();
        assertEquals(epoch, envelope.getBootEpoch());
        assertEquals(written.entry().sequence(), envelope.getSequence());
        assertTrue(Files.exists(written.entry().file()));
        assertArrayEquals(written.payload(), outbox.read(written.entry()));
        assertEquals(Envelope.BodyCase.INTERVALS, written.entry().body());

        assertEquals(0, OutboxAcks.acknowledge(outbox, List.of(range(epoch + 1, 0, 100))),
                "another boot epoch's range covers nothing");
        assertEquals(1, outbox.size());
        long sequence = envelope.getSequence();
        assertEquals(1, OutboxAcks.acknowledge(outbox, List.of(range(epoch, sequence, sequence))));
        assertEquals(0, outbox.size());
        assertFalse(Files.exists(written.entry().file()));
        assertEquals(0, OutboxAcks.acknowledge(outbox, List.of(range(epoch, sequence, sequence))),
                "a repeated ack is harmless");
    }

    @Test
    void unacknowledgedEnvelopesSurviveARestartAndNumbersNeverRepeat() throws IOException {
        Outbox first = open(10);
        long a = written(first.write(batch(1))).entry().sequence();
        long b = written(first.write(batch(2))).entry().sequence();
        long c = written(first.write(batch(3))).entry().sequence();
        OutboxAcks.acknowledge(first, List.of(range(first.bootEpoch(), b, b)));

        Outbox second = open(10);
        assertTrue(second.bootEpoch() > first.bootEpoch(), "a restart with its state draws a greater epoch");
        List<OutboxEntry> entries = second.entries();
        assertEquals(List.of(a, c), entries.stream().map(OutboxEntry::sequence).toList());
        assertEquals(first.bootEpoch(), entries.get(0).bootEpoch(), "keeps the epoch it was written under");
        assertEquals(3, Envelope.parseFrom(second.read(entries.get(1))).getIntervals().getWatermarks(0)
                .getFinalThroughEpochMillis());
        long d = written(second.write(batch(4))).entry().sequence();
        assertTrue(d > c, "sequence " + d + " after a restart must be above " + c);
    }

    @Test
    void sequencesNeverRepeatOverManyRestartsEvenWithoutACleanStop() throws IOException {
        Set<Long> used = new HashSet<>();
        long lastEpoch = 0;
        for (int boot = 1; boot <= 5; boot++) {
            SequenceStore store = SequenceStore.open(dataDir);
            assertTrue(store.bootEpoch() > lastEpoch, "boot " + boot + ": epochs of one data dir increase");
            lastEpoch = store.bootEpoch();
            for (int i = 0; i < 1_500; i++) { // crosses a reservation block
                assertTrue(used.add(store.next()), "sequence repeated");
            }
        }
        assertEquals(7_500, used.size());
    }

    @Test
    void corruptStateFileStopsTheStartNamingTheFile() throws IOException {
        Files.writeString(dataDir.resolve(SequenceStore.FILE_NAME), "bootEpoch=x\n");
        IOException e = assertThrows(IOException.class, () -> SequenceStore.open(dataDir));
        assertTrue(e.getMessage().contains(SequenceStore.FILE_NAME), e.getMessage());
    }

    @Test
    void corruptOrPartialFilesAreSetAsideByNameAndGoodOnesKept() throws IOException {
        Outbox first = open(10);
        Outbox.Written good = written(first.write(batch(1)));
        Outbox.Written other = written(first.write(batch(2)));
        Path dir = first.directory();
        byte[] bytes = Files.readAllBytes(other.entry().file());
        // A file cut short, as by a crash in the middle of a write that bypassed the temp file:
        Files.write(other.entry().file(), Arrays.copyOf(bytes, bytes.length - 3));
        // A bit flipped in the payload:
        byte[] flipped = Files.readAllBytes(good.entry().file());
        flipped[flipped.length - 1] ^= 0x01;
        Files.write(dir.resolve(OutboxFile.fileName(900_001)), flipped);
        Files.write(dir.resolve(OutboxFile.fileName(900_002)), "not an envelope".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(OutboxFile.fileName(900_003) + ".tmp"), bytes);
        Files.write(dir.resolve("garbage.env"), bytes);
        // Another agent's envelope:
        Outbox foreign = Outbox.open(dataDir.resolve("other"), "gw-2", 10, SequenceStore.open(dataDir.resolve("other")));
        Files.copy(written(foreign.write(batch(9))).entry().file(), dir.resolve(OutboxFile.fileName(900_004)));

        Outbox second = open(10);

        assertEquals(List.of(good.entry().sequence()), second.entries().stream().map(OutboxEntry::sequence).toList());
        assertEquals(6, second.setAside());
        Path aside = dir.resolve(Outbox.SET_ASIDE_DIR);
        for (String name : List.of(other.entry().file().getFileName().toString(), OutboxFile.fileName(900_001),
                OutboxFile.fileName(900_002), OutboxFile.fileName(900_003) + ".tmp", "garbage.env",
                OutboxFile.fileName(900_004))) {
            assertTrue(Files.exists(aside.resolve(name)), name + " set aside");
            assertFalse(Files.exists(dir.resolve(name)), name + " no longer in the outbox");
        }
        assertInstanceOf(Outbox.Written.class, second.write(batch(3)), "the outbox goes on working");
    }

    @Test
    void fullOutboxRefusesBatchesButNotStatus() throws IOException {
        Outbox outbox = open(2);
        assertInstanceOf(Outbox.Written.class, outbox.write(batch(1)));
        assertInstanceOf(Outbox.Written.class, outbox.write(batch(2)));

        assertInstanceOf(Outbox.Full.class, outbox.write(batch(3)));
        assertEquals(2, outbox.size());
        Outbox.Written status = written(outbox.write(Envelope.newBuilder().setStatus(
                AgentStatus.newBuilder().setState(AgentStatus.State.OFFLINE_GRACEFUL))));
        assertNotNull(status);
        assertEquals(Envelope.BodyCase.STATUS, status.entry().body());

        OutboxAcks.acknowledge(outbox, List.of(range(outbox.bootEpoch(), 0, status.entry().sequence())));
        assertInstanceOf(Outbox.Written.class, outbox.write(batch(3)), "room again once acknowledged");
    }


    /** What a write that must succeed wrote (fails the test when the outbox was full). */
    private static Outbox.Written written(Outbox.WriteResult result) {
        return assertInstanceOf(Outbox.Written.class, result);
    }
}
