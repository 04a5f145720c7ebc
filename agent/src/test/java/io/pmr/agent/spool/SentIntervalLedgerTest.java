package io.pmr.agent.spool;

import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sent-interval ledger across restarts: outbox files, the acked-keys file, its torn tail, its compaction. */
class SentIntervalLedgerTest {
    private static final String AGENT = "gw-1";
    private static final String MEASURE = "CSPN/PM4.3";
    private static final long MINUTE = 60_000;

    @TempDir
    Path dataDir;

    private static Envelope.Builder batch(long intervalStart, long watermark) {
        return Envelope.newBuilder().setCreatedEpochMillis(1).setIntervals(IntervalReportBatch.newBuilder()
                .addIntervals(IntervalReport.newBuilder().setMeasureId(MEASURE).setScope("SKU1")
                        .setIntervalStartEpochMillis(intervalStart).setEvents(3).setWithinTrt(2).setFailed(1))
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId(MEASURE).setFinalThroughEpochMillis(watermark)));
    }

    private static Outbox open(Path dataDir) throws IOException {
        return Outbox.open(dataDir, AGENT, 100, SequenceStore.open(dataDir));
    }

    private static AckedRange range(Outbox.Written written) {
        return AckedRange.newBuilder().setBootEpoch(written.entry().bootEpoch())
                .setFirstSequence(written.entry().sequence()).setLastSequence(written.entry().sequence()).build();
    }

    @Test
    void anIntervalStaysWrittenWhileInTheOutboxAndAfterItsAckAcrossRestarts() throws IOException {
        Outbox outbox = open(dataDir);
        // a late interval beyond the watermark of its own batch: only the sparse set can remember it
        Outbox.Written first = written(outbox.write(batch(10 * MINUTE, 5 * MINUTE)));
        Outbox.Written second = written(outbox.write(batch(20 * MINUTE, 8 * MINUTE)));
        assertTrue(outbox.alreadyWritten(MEASURE, "SKU1", 10 * MINUTE));
        assertTrue(outbox.alreadyWritten(MEASURE, "SKU1", 7 * MINUTE), "before a held watermark");
        assertFalse(outbox.alreadyWritten(MEASURE, "SKU2", 10 * MINUTE));
        assertFalse(outbox.alreadyWritten(MEASURE, "SKU1", 9 * MINUTE));

        assertEquals(1, OutboxAcks.acknowledge(outbox, List.of(range(first))));
        Outbox reopened = open(dataDir);
        assertTrue(reopened.alreadyWritten(MEASURE, "SKU1", 10 * MINUTE), "acknowledged: in the acked file");
        assertTrue(reopened.alreadyWritten(MEASURE, "SKU1", 20 * MINUTE), "unacknowledged: in its outbox file");
        assertFalse(reopened.alreadyWritten(MEASURE, "SKU1", 30 * MINUTE));
        assertEquals(1, OutboxAcks.acknowledge(reopened, List.of(range(second))));
        Outbox third = open(dataDir);
        assertTrue(third.alreadyWritten(MEASURE, "SKU1", 20 * MINUTE));
        assertTrue(third.alreadyWritten(MEASURE, "SKU1", 7 * MINUTE));
        assertFalse(third.alreadyWritten(MEASURE, "SKU1", 9 * MINUTE));
    }

    @Test
    void aTornAppendToTheAckedFileLosesNothingBecauseTheFilesWereNotDeletedYet() throws IOException {
        Outbox outbox = open(dataDir);
        Outbox.Written kept = written(outbox.write(batch(10 * MINUTE, 0)));
        Outbox.Written torn = written(outbox.write(batch(11 * MINUTE, 0)));
        assertEquals(1, OutboxAcks.acknowledge(outbox, List.of(range(kept))));
        outbox.onStep(step -> {
            if (step == Outbox.Step.ACKED_KEYS_APPENDED) {
                outbox.halt();
                throw new IllegalStateException("power cut");
            }
        });
        Path ackedFile = dataDir.resolve(AckedIntervalsFile.FILE_NAME);
        long before = Files.size(ackedFile);
        try {
            OutboxAcks.acknowledge(outbox, List.of(range(torn)));
        } catch (IllegalStateException expected) {
            // the crash
        }
        long after = Files.size(ackedFile);
        assertTrue(after > before);
        try (FileChannel channel = FileChannel.open(ackedFile, StandardOpenOption.WRITE)) {
            channel.truncate(before + new Random(3).nextInt((int) (after - before))); // the append is torn
        }
        assertTrue(Files.exists(torn.entry().file()), "not deleted before the crash");

        Outbox reopened = open(dataDir);
        assertEquals(1, reopened.size());
        assertTrue(reopened.alreadyWritten(MEASURE, "SKU1", 10 * MINUTE));
        assertTrue(reopened.alreadyWritten(MEASURE, "SKU1", 11 * MINUTE), "still in its outbox file");
    }

    @Test
    void compactionKeepsEveryAcknowledgedIntervalAndAFewSparseOnes() throws IOException {
        // 520 passes AckedIntervalsFile.COMPACT_AFTER: compacted while running, then again at open
        for (int batches : new int[] {1, 3, 520}) {
            compactsAndRemembers(Files.createDirectories(dataDir.resolve("run-" + batches)), batches);
        }
    }

    private static void compactsAndRemembers(Path dir, int batches) throws IOException {
        Outbox outbox = open(dir);
        for (int i = 0; i < batches; i++) {
            Outbox.Written written = written(outbox.write(batch(i * MINUTE, Math.max(0, i - 2) * MINUTE)));
            OutboxAcks.acknowledge(outbox, List.of(range(written)));
        }
        Outbox reopened = open(dir);
        for (int i = 0; i < batches; i++) {
            assertTrue(reopened.alreadyWritten(MEASURE, "SKU1", i * MINUTE), "interval " + i);
        }
        assertFalse(reopened.alreadyWritten(MEASURE, "SKU1", batches * MINUTE));
        assertTrue(Files.size(dir.resolve(AckedIntervalsFile.FILE_NAME)) < 200, "compacted at open: watermark and "
                + "the two intervals beyond it");
    }


    /** What a write that must succeed wrote (fails the test when the outbox was full). */
    private static Outbox.Written written(Outbox.WriteResult result) {
        return assertInstanceOf(Outbox.Written.class, result);
    }
}
