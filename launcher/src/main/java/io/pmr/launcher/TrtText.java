package io.pmr.launcher;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them on the command line: {@code 500ms}, {@code 25s}, {@code 2h}, {@code 90d}. */
final class TrtText {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private TrtText() {
    }

    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact form {@link #parse} reads back: {@code 25s}, {@code 2h}, {@code 1500ms}, {@code 90d}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }

    /** {@link #format} of each, comma-separated, as {@code --trt} takes them. */
    static String format(java.util.List<Duration> durations) {
        return String.join(",", durations.stream().map(TrtText::format).toList());
    }
}
