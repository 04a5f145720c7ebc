package io.pmr.agent.spool;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for the agent's spool: outbox records ({@link OutboxFile}, {@link Outbox#open}), snapshot frames
 * ({@link SnapshotFrame} via {@link PendingSnapshot}) and the sequence store. A damaged file is refused with its documented
 * exception or set aside and counted; the good files beside it are all kept.
 */
class SpoolHostileTest {
    private static final HostileTally TALLY = HostileTally.of("SpoolHostileTest");
    private static final HostileTally.Decoder OUTBOX_FILE = TALLY.decoder("OutboxFile");
    private static final HostileTally.Decoder OUTBOX = TALLY.decoder("Outbox.open");
    private static final HostileTally.Decoder SNAPSHOT = TALLY.decoder("SnapshotFrame(pending.bin)");
    private static final HostileTally.Decoder SEQUENCES = TALLY.decoder("SequenceStore");
    private static final String AGENT = "gw-1";

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    private static Path tempDir() throws IOException {
        return Files.createTempDirectory("spool-hostile");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static byte[] outboxBytes(byte[] payload) {
        ByteBuffer header = OutboxFile.header(payload);
        return ByteBuffer.allocate(header.remaining() + payload.length).put(header).put(payload).array();
    }

    private static Path scratch;

    /** One directory for the properties that only rewrite a file per try (no fsync, no directory churn). */
    private static synchronized Path scratch() throws IOException {
        if (scratch == null) {
            scratch = tempDir();
        }
        return scratch;
    }

    @AfterContainer
    static void deleteScratch() throws IOException {
        if (scratch != null) {
            delete(scratch);
        }
    }

    @Property(tries = 500, seed = "6060201")
    void anOutboxRecordRoundTripsAndAnyCorruptionIsRefused(@ForAll("payloads") byte[] payload,
            @ForAll("mutations") List<Mutation> mutations) throws IOException {
        Path file = scratch().resolve("1.env");
        Files.write(file, outboxBytes(payload));
        assertArrayEquals(payload, OutboxFile.read(file));
        byte[] corrupted = Mutation.applyAll(outboxBytes(payload), mutations);
        Files.write(file, corrupted);
        try {
            byte[] read = OutboxFile.read(file);
            OUTBOX_FILE.accepted();
            assertArrayEquals(outboxBytes(payload), corrupted, "accepted a changed record");
            assertArrayEquals(payload, read);
        } catch (OutboxFile.CorruptOutboxFileException e) {
            OUTBOX_FILE.rejected(e.getMessage());
        } catch (Throwable t) {
            throw OUTBOX_FILE.crash(t);
        }
    }

    private static Envelope.Builder batch(long watermark) {
        return Envelope.newBuilder().setCreatedEpochMillis(1).setIntervals(IntervalReportBatch.newBuilder()
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId("CSPN/PM4.3")
                        .setFinalThroughEpochMillis(watermark)));
    }

    @Property(tries = 50, seed = "6060202")
    void aDamagedOutboxFileIsSetAsideAndTheOthersAreAllKept(@ForAll @IntRange(min = 0, max = 4) int damaged,
            @ForAll("mutations") List<Mutation> mutations) throws IOException {
        Path dir = tempDir();
        try {
            Outbox outbox = Outbox.open(dir, AGENT, 100, SequenceStore.open(dir));
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sequences.add(assertInstanceOf(Outbox.Written.class, outbox.write(batch(60_000L * (i + 1))))
                        .entry().sequence());
            }
            Path victim = dir.resolve("outbox").resolve(OutboxFile.fileName(sequences.get(damaged)));
            byte[] original = Files.readAllBytes(victim);
            byte[] corrupted = Mutation.applyAll(original, mutations);
            Files.write(victim, corrupted);

            Outbox reopened;
            try {
                reopened = Outbox.open(dir, AGENT, 100, SequenceStore.open(dir));
            } catch (Throwable t) {
                throw OUTBOX.crash(t);
            }
            List<Long> kept = reopened.entries().stream().map(OutboxEntry::sequence).toList();
            List<Long> others = new ArrayList<>(sequences);
            others.remove(damaged);
            if (reopened.setAside() == 1) {
                OUTBOX.rejected("set aside");
                assertEquals(others, kept, "every good envelope beside the damaged one is kept");
                assertTrue(Files.exists(dir.resolve("outbox").resolve("set-aside").resolve(victim.getFileName()))
                        || Files.list(dir.resolve("outbox")).anyMatch(Files::isDirectory));
            } else {
                OUTBOX.accepted();
                assertEquals(0, reopened.setAside());
                assertArrayEquals(original, corrupted, "a changed file was loaded as good");
                assertEquals(sequences, kept);
            }
        } finally {
            delete(dir);
        }
    }

    private static List<PendingSnapshot.Pending> pending(int count) {
        List<PendingSnapshot.Pending> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new PendingSnapshot.Pending(1_000 + i, EventKind.every()[i % EventKind.every().length],
                    HubVariant.values()[i % 2], 1_600_000_000_000_000_000L + i, i, 7));
        }
        return events;
    }

    private static final java.util.Map<Integer, byte[]> SNAPSHOTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The snapshot of {@code count} events as {@link PendingSnapshot#write} makes it (durably, once per count). */
    private static byte[] snapshotBytes(int count) {
        return SNAPSHOTS.computeIfAbsent(count, n -> {
            try {
                Path dir = tempDir();
                PendingSnapshot.write(dir, pending(n));
                byte[] bytes = Files.readAllBytes(dir.resolve(PendingSnapshot.FILE_NAME));
                delete(dir);
                return bytes;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Property(tries = 500, seed = "6060203")
    void aDamagedPendingSnapshotIsSetAsideNeverMisread(@ForAll @IntRange(min = 1, max = 20) int count,
            @ForAll("mutations") List<Mutation> mutations) throws IOException {
        Path dir = scratch();
        Files.deleteIfExists(dir.resolve(PendingSnapshot.FILE_NAME + ".damaged"));
        Path file = dir.resolve(PendingSnapshot.FILE_NAME);
        byte[] original = snapshotBytes(count);
        byte[] corrupted = Mutation.applyAll(original, mutations);
        Files.write(file, corrupted);
        List<PendingSnapshot.Pending> read;
        try {
            read = PendingSnapshot.take(dir);
        } catch (Throwable t) {
            throw SNAPSHOT.crash(t);
        }
        if (read.isEmpty()) {
            SNAPSHOT.rejected("set aside as pending.bin.damaged");
            assertTrue(Files.exists(dir.resolve(PendingSnapshot.FILE_NAME + ".damaged")));
        } else {
            SNAPSHOT.accepted();
            assertArrayEquals(original, corrupted, "a changed snapshot was read");
            assertEquals(pending(count), read);
        }
        assertFalse(Files.exists(file), "the snapshot is consumed either way");
    }

    @Property(tries = 300, seed = "6060204")
    void anyAgentStateFileOpensOrIsRefusedWithAnIoException(@ForAll("stateFiles") byte[] content) throws IOException {
        Path dir = tempDir();
        try {
            Files.write(dir.resolve(SequenceStore.FILE_NAME), content);
            try {
                SequenceStore store = SequenceStore.open(dir);
                SEQUENCES.accepted();
                long sequence = store.next();
                assertTrue(sequence >= 1 && store.bootEpoch() >= 1, "sequence " + sequence);
            } catch (IOException e) {
                SEQUENCES.rejected(e.getMessage().replace(dir.toString(), "<dir>"));
            } catch (Throwable t) {
                throw SEQUENCES.crash(t);
            }
        } finally {
            delete(dir);
        }
    }

    @Provide
    Arbitrary<byte[]> stateFiles() {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("", "-1", "9223372036854775807", "9223372036854775808", "1e3", "\\u12", "\\u00zz", "0x10"));
        Arbitrary<byte[]> wellShaped = net.jqwik.api.Combinators.combine(numbers, numbers).as((epoch, through) ->
                ("# pmr agent state: do not edit\nbootEpoch=" + epoch + "\nreservedThrough=" + through + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutated = Mutation.some().map(m -> Mutation.applyAll(
                "# pmr agent state: do not edit\nbootEpoch=3\nreservedThrough=4001\n".getBytes(StandardCharsets.UTF_8), m));
        return Arbitraries.oneOf(wellShaped, mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    @Example
    void aMalformedEscapeOrAnExhaustedCounterInTheStateFileIsAnIoExceptionNamingTheFile() throws IOException {
        Path dir = tempDir();
        try {
            for (String content : List.of("bootEpoch=\\u12\nreservedThrough=5\n",
                    "bootEpoch=9223372036854775807\nreservedThrough=5\n",
                    "bootEpoch=1\nreservedThrough=9223372036854775807\n")) {
                Files.writeString(dir.resolve(SequenceStore.FILE_NAME), content);
                IOException e = assertThrows(IOException.class, () -> SequenceStore.open(dir), content);
                assertTrue(e.getMessage().contains("corrupt agent state file"), e.getMessage());
                SEQUENCES.rejected(e.getMessage().replace(dir.toString(), "<dir>"));
            }
            Files.write(dir.resolve(SequenceStore.FILE_NAME), new byte[]{'b', (byte) 0xc3, '=', '1'});
            IOException e = assertThrows(IOException.class, () -> SequenceStore.open(dir));
            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        } finally {
            delete(dir);
        }
    }
}
