package io.pmr.hardware.tap;

import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.pmr.hardware.tap.TapFiles.CSV_HEADER;
import static io.pmr.hardware.tap.TapFiles.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Start point, message-id mapping and the HanPort contract. */
class TraceTapBehaviourTest {
    private static final long T0_NANOS = 1_598_954_400_000_000_000L;
    private static final String TS = "2020-09-01T10:00:00Z";

    @TempDir
    Path dir;

    private static String line(String id, String direction) {
        return id + "," + direction + ",RTT4,h,north," + TS + ",,\n";
    }

    @Test
    void startAtEndSkipsExistingLinesButKeepsTheHeaderAndTheLineNumbers() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + line("old1", "start") + line("old2", "start") + "\n" + "old3,start,RT");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, true, recorder)) {
            assertEquals(0, tap.poll());
            append(log, "T4,h,north," + TS + ",,\n" + line("old1", "end") + "junk\n" + line("new", "start"));
            assertEquals(3, tap.poll());
            assertEquals(List.of(
                    "end 1 " + T0_NANOS + " true",
                    "start 2 RTT4 SKU1 " + T0_NANOS), recorder.take());
            assertEquals(List.of(log + ":7: found 1 fields where the header names 8"), tap.recentProblems());
            assertEquals(new TraceTapCounters(3, 1, 1, 1, 1, 0, 0, 0, 4, 0), tap.counters());
        }
    }

    @Test
    void anEndWithoutAStartGetsAnIdThatNoStartHad() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + line("a", "start") + line("zzz", "end") + line("b", "start")
                + line("a", "end") + line("a", "end") + line("a", "start") + line("a", "end"));
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            assertEquals(8, tap.poll());
            assertEquals(List.of(1L, 3L, 5L), recorder.startedIds);
            assertEquals(List.of(2L, 1L, 4L, 5L), recorder.endedIds);
            assertEquals(2, tap.counters().unmatchedEnds());
            assertEquals(4, tap.counters().ends());
        }
    }

    @Test
    void whenTooManyStartsArePendingTheOldestIsForgottenAndCounted() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + line("a", "start") + line("b", "start") + line("c", "start")
                + line("a", "end") + line("b", "end") + line("c", "end"));
        Recorder recorder = new Recorder();
        TraceTapSettings settings = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, false,
                TraceTapSettings.DEFAULT_MAX_LINE_BYTES, 2);
        try (TraceTap tap = TapFiles.open(settings, recorder)) {
            tap.poll();
            assertEquals(List.of(1L, 2L, 3L), recorder.startedIds);
            assertEquals(List.of(4L, 2L, 3L), recorder.endedIds);
            Set<Long> started = new HashSet<>(recorder.startedIds);
            assertFalse(started.contains(recorder.endedIds.get(0)));
            TraceTapCounters counters = tap.counters();
            assertEquals(1, counters.droppedStarts());
            assertEquals(1, counters.unmatchedEnds());
        }
    }

    @Test
    void honoursTheHanPortContract() throws Exception {
        Path log = dir.resolve("gw.csv");
        append(log, CSV_HEADER + line("a", "start"));
        TraceTap tap = TraceTap.open(new TraceTapSettings(log, TraceFormat.CSV, Region.SOUTH, false), TapFiles.CLOCK);
        assertEquals(Region.SOUTH, tap.region());
        assertSame(TapFiles.CLOCK, tap.timeSource());
        assertThrows(IllegalStateException.class, tap::poll);
        assertThrows(IllegalArgumentException.class, () -> tap.attach(null));
        Recorder recorder = new Recorder();
        tap.attach(recorder);
        assertThrows(IllegalStateException.class, () -> tap.attach(new Recorder()));
        assertEquals(2, tap.poll());
        assertEquals(1, tap.counters().otherRegion());
        tap.close();
        append(log, line("b", "start"));
        assertEquals(0, tap.poll());
        tap.close();
        assertEquals(List.of(), recorder.calls);
    }

    @Test
    void anUnreadablePathIsCountedAsAReadErrorAndPollingGoesOn() throws Exception {
        Path notAFile = java.nio.file.Files.createDirectory(dir.resolve("dir.csv"));
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(notAFile, TraceFormat.CSV, false, recorder)) {
            assertEquals(0, tap.poll());
            assertEquals(0, tap.poll());
            assertEquals(2, tap.counters().readErrors());
        }
    }

    @Test
    void settingsAreValidatedNamingTheField() {
        Path csv = dir.resolve("a.csv");
        assertEquals("path must not be null", assertThrows(IllegalArgumentException.class,
                () -> new TraceTapSettings(null, TraceFormat.CSV, Region.NORTH, false)).getMessage());
        assertEquals("format must not be null", assertThrows(IllegalArgumentException.class,
                () -> new TraceTapSettings(csv, null, Region.NORTH, false)).getMessage());
        assertEquals("region must not be null", assertThrows(IllegalArgumentException.class,
                () -> new TraceTapSettings(csv, TraceFormat.CSV, null, false)).getMessage());
        assertEquals("maxLineBytes must be between 64 and 16777216, was 63", assertThrows(IllegalArgumentException.class,
                () -> new TraceTapSettings(csv, TraceFormat.CSV, Region.NORTH, false, 63, 10)).getMessage());
        assertEquals("maxPendingStarts must be between 1 and 100000000, was 0", assertThrows(
                IllegalArgumentException.class,
                () -> new TraceTapSettings(csv, TraceFormat.CSV, Region.NORTH, false, 64, 0)).getMessage());
        Path log = dir.resolve("gw.log");
        assertEquals("format AUTO cannot tell the format of '" + log + "' from its extension (.csv, .jsonl, .ndjson,"
                + " .json): set format to CSV or JSONL", assertThrows(IllegalArgumentException.class,
                () -> new TraceTapSettings(log, TraceFormat.AUTO, Region.NORTH, false)).getMessage());
        assertEquals(TraceFormat.CSV, new TraceTapSettings(dir.resolve("A.CSV"), TraceFormat.AUTO, Region.NORTH, false)
                .resolvedFormat());
        assertEquals(TraceFormat.JSONL, new TraceTapSettings(dir.resolve("a.ndjson"), TraceFormat.AUTO, Region.NORTH,
                false).resolvedFormat());
        assertEquals(TraceFormat.JSONL, new TraceTapSettings(log, TraceFormat.JSONL, Region.NORTH, false)
                .resolvedFormat());
        assertThrows(IllegalArgumentException.class, () -> TraceTap.open(null, TapFiles.CLOCK));
        assertThrows(IllegalArgumentException.class,
                () -> TraceTap.open(new TraceTapSettings(csv, TraceFormat.CSV, Region.NORTH, false), null));
    }
}
