package io.pmr.hardware.tap;

import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Helpers for tests that write real log files. */
final class TapFiles {
    /** A fixed clock: the tap must take timestamps from the log, never from its time source. */
    static final TimeSource CLOCK = new TimeSource() {
        @Override
        public long epochNanos() {
            return 42L;
        }

        @Override
        public long monotonicNanos() {
            return 7L;
        }
    };

    static final String CSV_HEADER = "message_id,direction,kind,device,region,timestamp,success,variant\n";

    private TapFiles() {
    }

    static void append(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TraceTap open(Path path, TraceFormat format, boolean startAtEnd, Recorder recorder) throws IOException {
        return open(new TraceTapSettings(path, format, Region.NORTH, startAtEnd), recorder);
    }

    static TraceTap open(TraceTapSettings settings, Recorder recorder) throws IOException {
        TraceTap tap = TraceTap.open(settings, CLOCK);
        tap.attach(recorder);
        return tap;
    }
}
