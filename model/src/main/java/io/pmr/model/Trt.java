package io.pmr.model;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TRTs (target response times) and the durations users write: the one syntax {@code <n>ms|s|m|h|d} ({@code 500ms},
 * {@code 25s}, {@code 2h}, {@code 22h}, {@code 90d}) read by the catalogue, the command line and the agent's config,
 * and the rule that turns a TRT into a deadline and a verdict (docs/architecture.md, "Events and verdicts").
 *
 * <p>The syntax is strict: lower-case unit, no sign, no space, no fraction, at most 9 digits; the value must fit a
 * {@code long} of nanoseconds (under 292 years), so {@link Duration#toNanos()} of anything parsed never overflows.
 * Stateless; thread-safe.
 */
public final class Trt {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    /** The longest duration whose nanoseconds fit a long. */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    private Trt() {
    }

    /**
     * Parses a TRT: a {@link #parseDuration duration} that is more than zero.
     *
     * @throws IllegalArgumentException {@code '<text>' is not a duration: ...}, {@code '<text>' is too long: ...}
     *                                  or {@code '<text>' is not positive}
     */
    public static Duration parse(String text) {
        Duration trt = parseDuration(text);
        if (trt.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not positive");
        }
        return trt;
    }

    /**
     * Parses a duration {@code <n>ms|s|m|h|d}, zero included (a command-line option checks its own lower bound).
     *
     * @throws IllegalArgumentException naming the text and the expected syntax, or that it is too long
     */
    public static Duration parseDuration(String text) {
        Matcher matcher = text == null ? null : SYNTAX.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long: at most 106751d");
        }
        return duration;
    }

    /**
     * The shortest exact text {@link #parseDuration} reads back: {@code 25s}, {@code 2h}, {@code 1500ms},
     * {@code 90d}; whole milliseconds only (a sub-millisecond part is dropped, as every TRT is in milliseconds).
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (millis != 0 && millis % UNIT_MILLIS[i] == 0) {
                return millis / UNIT_MILLIS[i] + UNITS[i];
            }
        }
        return millis + "ms";
    }

    /** {@link #format} of each, comma-separated. */
    public static String format(List<Duration> durations) {
        return String.join(",", durations.stream().map(Trt::format).toList());
    }

    /**
     * The deadline of an event: {@code start + trt}, saturating at {@link Long#MAX_VALUE} (a start near the end of
     * time never wraps round to a deadline in the past). An event with no end is timed out once the clock is
     * strictly past it ({@link #isPast}).
     */
    public static long deadlineEpochNanos(long startEpochNanos, long trtNanos) {
        return startEpochNanos > Long.MAX_VALUE - trtNanos ? Long.MAX_VALUE : startEpochNanos + trtNanos;
    }

    /** Whether the clock has passed a deadline: strictly after it ({@code now > deadline}); exactly at it is not. */
    public static boolean isPast(long deadlineEpochNanos, long nowEpochNanos) {
        return nowEpochNanos > deadlineEpochNanos;
    }

    /** The verdict: within TRT iff successful and {@code latency <= trt} (exactly at the TRT is within). */
    public static boolean within(boolean success, long latencyNanos, long trtNanos) {
        return success && latencyNanos <= trtNanos;
    }
}
