package io.pmr.hardware.tap;

import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.pmr.hardware.tap.TapFiles.CSV_HEADER;
import static io.pmr.hardware.tap.TapFiles.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tap with a checkpoint file resumes after a graceful stop exactly where it stopped. */
class TraceTapCheckpointTest {
    private static final long T0_NANOS = 1_598_954_400_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static String csv(String id, String direction, int second) {
        return id + "," + direction + ",RTT4,hub,north,2020-09-01T10:00:" + (second < 10 ? "0" : "") + second + "Z,,\n";
    }

    private TraceTapSettings settings(Path log, boolean startAtEnd) {
        return new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, startAtEnd)
                .withCheckpoint(dir.resolve("tap.checkpoint"));
    }

    @Test
    void aRestartResumesAtTheNextLineWithTheSameIdsAndReadsLinesWrittenWhileDownOnce() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0) + csv("b", "start", 1));
        Recorder before = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), before)) {
            assertEquals(3, tap.poll());
            append(log, csv("a", "end", 2));
            assertEquals(1, tap.poll());
        }
        assertEquals(List.of(
                "start 1 RTT4 SKU1 " + T0_NANOS,
                "start 2 RTT4 SKU1 " + (T0_NANOS + SECOND),
                "end 1 " + (T0_NANOS + 2 * SECOND) + " true"), before.take());
        assertTrue(Files.exists(dir.resolve("tap.checkpoint")));

        append(log, csv("c", "start", 3) + csv("b", "end", 4) + "bad\n"); // written while down

        Recorder after = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, true), after)) { // startAtEnd is ignored when resuming
            assertFalse(Files.exists(dir.resolve("tap.checkpoint")), "taken up, so a crash cannot reuse it");
            assertTrue(tap.startNote().startsWith("resumed at byte "), tap.startNote());
            assertEquals(3, tap.poll());
            assertEquals(List.of(
                    "start 3 RTT4 SKU1 " + (T0_NANOS + 3 * SECOND),
                    "end 2 " + (T0_NANOS + 4 * SECOND) + " true"), after.take());
            assertEquals(List.of(log + ":7: found 1 fields where the header names 8"), tap.recentProblems());
            assertEquals(0, tap.counters().unmatchedEnds());
            assertEquals(0, tap.counters().skippedAtStart());
            append(log, csv("c", "end", 5));
            assertEquals(1, tap.poll());
            assertEquals(List.of("end 3 " + (T0_NANOS + 5 * SECOND) + " true"), after.take());
        }
    }

    @Test
    void severalRestartsReadEveryLineExactlyOnce() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER);
        List<Long> started = new ArrayList<>();
        List<Long> ended = new ArrayList<>();
        long badLines = 0;
        for (int round = 0; round < 5; round++) {
            append(log, csv("m" + round, "start", round) + csv("m" + round, "end", round + 1).substring(0, 7));
            Recorder recorder = new Recorder();
            try (TraceTap tap = TapFiles.open(settings(log, false), recorder)) {
                tap.poll();
                append(log, csv("m" + round, "end", round + 1).substring(7));
                tap.poll();
                append(log, csv("x" + round, "start", round).substring(0, 5)); // partial at close
                assertEquals(0, tap.poll());
                badLines += tap.counters().badLines();
            }
            append(log, csv("x" + round, "start", round).substring(5) + csv("x" + round, "end", round + 1));
            started.addAll(recorder.startedIds);
            ended.addAll(recorder.endedIds);
        }
        Recorder last = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), last)) {
            assertEquals(2, tap.poll());
            badLines += tap.counters().badLines();
        }
        assertEquals(0, badLines);
        started.addAll(last.startedIds);
        ended.addAll(last.endedIds);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), started);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), ended);
    }

    @Test
    void aPartialLineAtCloseIsCompletedAfterTheRestart() throws Exception {
        Path log = dir.resolve("gw.csv");
        String line = csv("a", "start", 0);
        append(log, CSV_HEADER + line.substring(0, 10));
        Recorder before = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), before)) {
            assertEquals(1, tap.poll());
        }
        append(log, line.substring(10) + csv("a", "end", 1));
        Recorder after = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), after)) {
            assertEquals(2, tap.poll());
            assertEquals(List.of(
                    "start 1 RTT4 SKU1 " + T0_NANOS,
                    "end 1 " + (T0_NANOS + SECOND) + " true"), after.take());
            assertEquals(List.of(), tap.recentProblems());
        }
        assertEquals(List.of(), before.calls);
    }

    @Test
    void aFileRotatedWhileDownIsReadFromItsStartAndPendingStartsStillMatch() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0) + csv("b", "start", 1));
        Recorder before = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, true), before)) {
            append(log, csv("c", "start", 2));
            assertEquals(1, tap.poll());
        }
        assertEquals(List.of("start 1 RTT4 SKU1 " + (T0_NANOS + 2 * SECOND)), before.take());

        Files.move(log, dir.resolve("gw.csv.1"));
        append(log, CSV_HEADER + csv("c", "end", 3) + csv("d", "start", 4));

        Recorder after = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, true), after)) {
            assertTrue(tap.startNote().contains("another file"), tap.startNote());
            assertEquals(3, tap.poll());
            assertEquals(List.of(
                    "end 1 " + (T0_NANOS + 3 * SECOND) + " true",
                    "start 2 RTT4 SKU1 " + (T0_NANOS + 4 * SECOND)), after.take());
            assertEquals(0, tap.counters().badLines());
        }
    }

    @Test
    void aFileReplacedByOneWithTheSameKeyButOtherContentIsReadFromItsStart() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0) + csv("b", "start", 1));
        try (TraceTap tap = TapFiles.open(settings(log, false), new Recorder())) {
            assertEquals(3, tap.poll());
        }
        // Rewritten in place (same inode), longer than before: only the bytes before the position tell.
        Files.writeString(log, CSV_HEADER + csv("a", "end", 2) + csv("c", "start", 3) + csv("d", "start", 4));
        Recorder after = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), after)) {
            assertTrue(tap.startNote().contains("differ"), tap.startNote());
            assertEquals(4, tap.poll());
            assertEquals(List.of(
                    "end 1 " + (T0_NANOS + 2 * SECOND) + " true",
                    "start 3 RTT4 SKU1 " + (T0_NANOS + 3 * SECOND),
                    "start 4 RTT4 SKU1 " + (T0_NANOS + 4 * SECOND)), after.take());
        }
    }

    @Test
    void aDamagedCheckpointIsSetAsideWithItsReasonAndTheTapStartsPerSettings() throws Exception {
        Path log = dir.resolve("gw.csv");
        Path checkpoint = dir.resolve("tap.checkpoint");
        append(log, CSV_HEADER + csv("a", "start", 0));
        try (TraceTap tap = TapFiles.open(settings(log, false), new Recorder())) {
            tap.poll();
        }
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(checkpoint, bytes);
        append(log, csv("b", "start", 1));

        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, true), recorder)) {
            assertTrue(tap.startNote().startsWith("from its end; damaged checkpoint " + checkpoint
                    + " ignored: checksum mismatch"), tap.startNote());
            assertFalse(Files.exists(checkpoint));
            assertTrue(Files.exists(dir.resolve("tap.checkpoint.damaged")));
            append(log, csv("c", "start", 2));
            assertEquals(1, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + (T0_NANOS + 2 * SECOND)), recorder.take());
        }
    }

    @Test
    void aTruncatedCheckpointIsDamaged() throws Exception {
        Path log = dir.resolve("gw.csv");
        Path checkpoint = dir.resolve("tap.checkpoint");
        append(log, CSV_HEADER + csv("a", "start", 0));
        Files.write(checkpoint, new byte[] {0x50, 0x4D});
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), recorder)) {
            assertEquals("from its start; damaged checkpoint " + checkpoint + " ignored: only 2 bytes long",
                    tap.startNote());
            assertEquals(2, tap.poll());
        }
        assertTrue(Files.exists(checkpoint), "a new one was saved at close");
    }

    @Test
    void aMissingLogAtCloseKeepsThePendingIdsAndReadsTheFileFromItsStartWhenItAppears() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0));
        Recorder before = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, false), before)) {
            assertEquals(2, tap.poll());
            Files.move(log, dir.resolve("gw.csv.1"));
            assertEquals(0, tap.poll());
        }
        Recorder after = new Recorder();
        try (TraceTap tap = TapFiles.open(settings(log, true), after)) {
            assertEquals(0, tap.poll());
            append(log, CSV_HEADER + csv("a", "end", 1));
            assertEquals(2, tap.poll());
            assertEquals(List.of("end 1 " + (T0_NANOS + SECOND) + " true"), after.take());
        }
    }

    @Test
    void withoutACheckpointFileNothingIsSavedAndARestartStartsPerSettings() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0));
        TraceTapSettings plain = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, true);
        try (TraceTap tap = TapFiles.open(plain, new Recorder())) {
            tap.poll();
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(log), files.toList());
        }
        assertEquals(null, plain.checkpointFile());
    }

    @Test
    void theCheckpointFileMustNotBeTheLog() {
        Path log = dir.resolve("gw.csv");
        TraceTapSettings plain = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.withCheckpoint(log));
        assertTrue(e.getMessage().startsWith("checkpointFile"), e.getMessage());
    }
}
