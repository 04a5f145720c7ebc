package io.pmr.collector.catalogue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a TRT written as {@code <n>ms|s|m|h|d} (for example {@code 25s}, {@code 22h}, {@code 90d}). */
final class TrtSyntax {
    private static final Pattern TRT = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private TrtSyntax() {
    }

    static Duration parse(String text) {
        Matcher matcher = TRT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration <n>ms|s|m|h|d, e.g. 25s or 4h");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration trt = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (trt.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not positive");
        }
        return trt;
    }
}
