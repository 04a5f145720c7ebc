package io.pmr.agent.spool;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boot epoch is unique without local state; a data dir that lost its state but kept an outbox is refused. */
class AgentIdentityTest {
    private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");
    private static final String AGENT = "gw-1";

    @TempDir
    Path root;

    private static BootEpochs epochsAt(Instant instant, Random random) {
        return new BootEpochs(Clock.fixed(instant, ZoneOffset.UTC), random);
    }

    private static Envelope.Builder batch(long watermark) {
        return Envelope.newBuilder().setCreatedEpochMillis(1).setIntervals(IntervalReportBatch.newBuilder()
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId("CSPN/PM4.3").setFinalThroughEpochMillis(watermark)));
    }

    @Test
    void theEpochCarriesTheWallClockSecondInItsHighBitsAndIsPositive() {
        long epoch = epochsAt(NOW, new Random(1)).next(0);
        assertEquals(NOW.getEpochSecond(), BootEpochs.secondsOf(epoch));
        assertTrue(epoch > 0, "positive as a signed long, so SQL orders it like the unsigned wire value");
        long late = epochsAt(Instant.parse("2240-01-01T00:00:00Z"), new Random(1)).next(0);
        assertTrue(late > epoch, "still positive and ordered two centuries on");
    }

    @Test
    void aFreshDataDirUnderAKnownIdDrawsAnEpochTheOldInstallNeverUsed() throws IOException {
        // Both installs start in the same wall-clock second (the worst case): only the random bits tell them apart.
        Random random = new Random(20261205);
        Path oldInstall = root.resolve("old");
        SequenceStore first = SequenceStore.open(oldInstall, epochsAt(NOW, random));
        Outbox outbox = Outbox.open(oldInstall, AGENT, 10, first);
        Envelope old = Envelope.parseFrom(written(outbox.write(batch(1))).payload());

        Path reinstalled = root.resolve("new"); // a new gateway image: no agent.state, no outbox
        SequenceStore second = SequenceStore.open(reinstalled, epochsAt(NOW, random));
        Envelope fresh = Envelope.parseFrom(written(Outbox.open(reinstalled, AGENT, 10, second).write(batch(1))).payload());

        assertEquals(old.getSequence(), fresh.getSequence(), "both start numbering at the same sequence");
        assertTrue(old.getBootEpoch() != fresh.getBootEpoch(), "so only a new epoch keeps their keys apart");
    }

    @Test
    void manyStartsInOneSecondNeverRepeatAnEpoch() {
        Random random = new Random(42);
        BootEpochs epochs = epochsAt(NOW, random);
        Set<Long> seen = new HashSet<>();
        for (int start = 0; start < 10_000; start++) {
            assertTrue(seen.add(epochs.next(0)), "epoch repeated at start " + start);
        }
    }

    @Test
    void withStateTheNewEpochExceedsThePreviousEvenWhenTheClockWentBack() throws IOException {
        Path dir = root.resolve("dir");
        long before = SequenceStore.open(dir, epochsAt(NOW, new Random(3))).bootEpoch();
        long after = SequenceStore.open(dir, epochsAt(Instant.parse("1970-01-01T00:00:05Z"), new Random(4))).bootEpoch();
        assertEquals(before + 1, after, "a clock stepped back to 1970 still gives a later epoch than the state's");
        Files.writeString(dir.resolve(SequenceStore.FILE_NAME), "bootEpoch=7\nreservedThrough=5001\n");
        long upgraded = SequenceStore.open(dir, epochsAt(NOW, new Random(5))).bootEpoch();
        assertEquals(NOW.getEpochSecond(), BootEpochs.secondsOf(upgraded), "an old small epoch gives way to the layout");
    }

    @Test
    void aDataDirWithAnOutboxButNoStateIsRefusedAndLeftUntouched() throws IOException {
        Path dir = root.resolve("dir");
        Outbox outbox = Outbox.open(dir, AGENT, 10, SequenceStore.open(dir, epochsAt(NOW, new Random(6))));
        written(outbox.write(batch(1)));
        Files.delete(dir.resolve(SequenceStore.FILE_NAME));

        OrphanedDataDirException e = assertThrows(OrphanedDataDirException.class,
                () -> SequenceStore.open(dir, epochsAt(NOW, new Random(7))));
        assertTrue(e.getMessage().contains("an outbox with 1 file(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("Restore agent.state"), "says what to do: " + e.getMessage());
        assertEquals(dir, e.dataDir());
        assertFalse(Files.exists(dir.resolve(SequenceStore.FILE_NAME)), "nothing written");
    }

    @Test
    void aDataDirWithOnlyALedgerButNoStateIsRefused() throws IOException {
        Path dir = root.resolve("dir");
        Files.createDirectories(dir.resolve("outbox"));
        Files.write(dir.resolve(AckedIntervalsFile.FILE_NAME), new byte[0]);
        OrphanedDataDirException e = assertThrows(OrphanedDataDirException.class,
                () -> SequenceStore.open(dir, epochsAt(NOW, new Random(8))));
        assertTrue(e.getMessage().contains("sent-interval ledger"), e.getMessage());
    }

    @Test
    void anEmptyOutboxDirWithoutStateStartsAfresh() throws IOException {
        Path dir = root.resolve("dir");
        Files.createDirectories(dir.resolve("outbox"));
        assertEquals(1, SequenceStore.open(dir, epochsAt(NOW, new Random(9))).next());
    }

    /** What a write that must succeed wrote (fails the test when the outbox was full). */
    private static Outbox.Written written(Outbox.WriteResult result) {
        return assertInstanceOf(Outbox.Written.class, result);
    }
}
