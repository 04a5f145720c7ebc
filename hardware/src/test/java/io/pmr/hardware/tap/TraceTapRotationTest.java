package io.pmr.hardware.tap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.pmr.hardware.tap.TapFiles.CSV_HEADER;
import static io.pmr.hardware.tap.TapFiles.append;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tap follows the log through rename-and-create rotation, copytruncate and a missing file. */
class TraceTapRotationTest {
    private static final long T0_NANOS = 1_598_954_400_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static String csv(String id, String direction, int second) {
        return id + "," + direction + ",RTT4,hub,north,2020-09-01T10:00:" + (second < 10 ? "0" : "") + second + "Z,,\n";
    }

    @Test
    void renameAndCreateReadsTheOldTailThenTheNewFileFromItsStartWithFreshLineNumbers() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0));
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            assertEquals(2, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS), recorder.take());

            append(log, csv("a", "end", 1) + csv("b", "start", 2) + "x,end,RTT4,hub,north,");
            Files.move(log, dir.resolve("gw.csv.1"));
            append(log, CSV_HEADER + csv("b", "end", 3) + "bad line\n" + csv("c", "start", 4));

            assertEquals(6, tap.poll());
            assertEquals(List.of(
                    "end 1 " + (T0_NANOS + SECOND) + " true",
                    "start 2 RTT4 SKU1 " + (T0_NANOS + 2 * SECOND),
                    "end 2 " + (T0_NANOS + 3 * SECOND) + " true",
                    "start 3 RTT4 SKU1 " + (T0_NANOS + 4 * SECOND)), recorder.take());
            assertEquals(List.of(
                    log + ":5: incomplete last line (no newline) discarded at rotation",
                    log + ":3: found 1 fields where the header names 8"), tap.recentProblems());
            TraceTapCounters counters = tap.counters();
            assertEquals(1, counters.rotations());
            assertEquals(2, counters.badLines());
            assertEquals(8, counters.linesRead());
        }
    }

    @Test
    void aNewFileNeedsItsOwnHeader() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0));
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            tap.poll();
            Files.move(log, dir.resolve("gw.csv.1"));
            append(log, csv("a", "end", 1));
            assertEquals(1, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS), recorder.take());
            assertEquals(List.of(log + ":1: no CSV header before this line: expected a header naming "
                    + "message_id,direction,kind,device,region,timestamp"), tap.recentProblems());
        }
    }

    @Test
    void keepsReadingTheOldFileUntilTheNewOneHasContent() throws Exception {
        Path log = dir.resolve("gw.csv");
        Path rotated = dir.resolve("gw.csv.1");
        append(log, CSV_HEADER);
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            tap.poll();
            Files.move(log, rotated);
            Files.createFile(log);
            append(rotated, csv("a", "start", 0)); // the writer has not reopened yet
            assertEquals(1, tap.poll());
            append(rotated, csv("a", "end", 1));
            assertEquals(1, tap.poll());
            assertEquals(0, tap.counters().rotations());
            append(log, CSV_HEADER + csv("b", "start", 2));
            assertEquals(2, tap.poll());
            assertEquals(List.of(
                    "start 1 RTT4 SKU1 " + T0_NANOS,
                    "end 1 " + (T0_NANOS + SECOND) + " true",
                    "start 2 RTT4 SKU1 " + (T0_NANOS + 2 * SECOND)), recorder.take());
            assertEquals(1, tap.counters().rotations());
            assertEquals(0, tap.counters().badLines());
        }
    }

    @Test
    void copytruncateRereadsFromTheStartKeepingTheHeader() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + csv("a", "start", 0) + csv("b", "start", 1) + csv("c", "start", 2));
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            assertEquals(4, tap.poll());
            recorder.take();
            Object keyBefore = Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Files.copy(log, dir.resolve("gw.csv.1"));
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, csv("a", "end", 3) + "oops\n");
            assertEquals(keyBefore,
                    Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey());

            assertEquals(2, tap.poll());
            assertEquals(List.of("end 1 " + (T0_NANOS + 3 * SECOND) + " true"), recorder.take());
            assertEquals(List.of(log + ":2: found 1 fields where the header names 8"), tap.recentProblems());
            assertEquals(1, tap.counters().rotations());
        }
    }

    @Test
    void aMissingFileBetweenRotationStepsIsNotAnError() throws Exception {
        Path log = dir.resolve("gw.jsonl");
        append(log, json("a", "start", 0));
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.JSONL, false, recorder)) {
            assertEquals(1, tap.poll());
            append(log, json("a", "end", 1));
            Files.move(log, dir.resolve("gw.jsonl.1"));
            assertEquals(1, tap.poll());
            assertEquals(0, tap.poll());
            assertEquals(0, tap.poll());
            append(log, json("b", "start", 2));
            assertEquals(1, tap.poll());
            assertEquals(List.of(
                    "start 1 RTT4 SKU1 " + T0_NANOS,
                    "end 1 " + (T0_NANOS + SECOND) + " true",
                    "start 2 RTT4 SKU1 " + (T0_NANOS + 2 * SECOND)), recorder.take());
            assertEquals(new TraceTapCounters(3, 2, 1, 0, 0, 0, 0, 1, 0, 0), tap.counters());
        }
    }

    @Test
    void aFileMissingAtOpenIsReadFromItsStartWhenItAppearsEvenWhenStartingAtTheEnd() throws Exception {
        Path log = dir.resolve("later.jsonl");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.JSONL, true, recorder)) {
            org.junit.jupiter.api.Assertions.assertTrue(tap.startNote().contains("does not exist yet"),
                    "a missing file is said at start (logged at WARN): " + tap.startNote());
            assertEquals(0, tap.poll());
            append(log, json("a", "start", 0));
            assertEquals(1, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS), recorder.take());
        }
    }

    private static String json(String id, String direction, int second) {
        return "{\"message_id\":\"" + id + "\",\"direction\":\"" + direction + "\",\"kind\":\"RTT4\",\"device\":\"h\","
                + "\"region\":\"north\",\"timestamp\":\"2020-09-01T10:00:0" + second + "Z\"}\n";
    }
}
