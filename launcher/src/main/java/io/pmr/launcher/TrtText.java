package io.pmr.launcher;

import io.pmr.model.Trt;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as users write them on the command line: {@code 500ms}, {@code 25s}, {@code 2h}, {@code 90d}. The model's
 * one syntax ({@link Trt}), read leniently as a command line should be: surrounding blanks and upper case are
 * accepted, and zero is (an option checks its own lower bound).
 */
final class TrtText {
    private TrtText() {
    }

    static Duration parse(String text) {
        try {
            return Trt.parseDuration(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Trt.parseDuration(text); // fails too, naming the text as the user wrote it
        }
    }

    /** The shortest exact form {@link #parse} reads back: {@code 25s}, {@code 2h}, {@code 1500ms}, {@code 90d}. */
    static String format(Duration d) {
        return Trt.format(d);
    }

    /** {@link #format} of each, comma-separated, as {@code --trt} takes them. */
    static String format(java.util.List<Duration> durations) {
        return Trt.format(durations);
    }
}
