package io.pmr.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TRTs (target response times) and the durations users write: the one syntax {@code <n>ms|s|m|h|d} ({@code 500ms},
 * {@code 25s}, {@code 2h}, {@code 22h}, {@code 90d}) read by the catalogue, the command line and the agent's config,
 * and the rule that turns a TRT into a deadline and a verdict (docs/architecture.md, "Events and verdicts").
 *
 * <p>The catalogue's {@code trt} column also takes deadlines that are not a fixed duration ({@link #parseRule}):
 * {@code by 06:59 next day} (a wall-clock deadline in UK time) and a condition on service hours,
 * {@code 15s in core hours} or {@code by 06:59 next day in 07:00-18:00} ({@link TrtRule}, {@link ServiceHours}).
 *
 * <p>The syntax is strict: lower-case unit, no sign, no space, no fraction, at most 9 digits; the value must fit a
 * {@code long} of nanoseconds (under 292 years), so {@link Duration#toNanos()} of anything parsed never overflows.
 * Stateless; thread-safe.
 */
public final class Trt {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    private static final Pattern RULE = Pattern.compile(
            "(?:by (?<by>[0-9]{2}:[0-9]{2}) next day|(?<duration>[^ ]+))(?: in (?<hours>.+))?");
    private static final String DAY = "(mon|tue|wed|thu|fri|sat|sun)";
    private static final Pattern HOURS = Pattern.compile(
            "core hours|(?<from>[0-9]{2}:[0-9]{2})-(?<to>[0-9]{2}:[0-9]{2})(?: " + DAY + "-" + DAY + ")?");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final String RULE_SYNTAX = "expected a duration (25s) or 'by HH:MM next day', optionally followed"
            + " by ' in core hours' or ' in HH:MM-HH:MM' with optional days (' in 07:00-18:00 mon-fri')";
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
     * Parses a catalogue TRT: {@code <duration>} or {@code by HH:MM next day}, optionally followed by
     * {@code in core hours} or {@code in HH:MM-HH:MM [ddd-ddd]} (UK local times, 24-hour clock, lower case, single
     * spaces). {@code 25s}, {@code 15s in core hours}, {@code by 06:59 next day in 07:00-18:00},
     * {@code 30s in 08:00-18:00 mon-fri}. Text that neither starts with {@code by } nor holds {@code  in } is a plain
     * duration, read (and refused, with the same messages) as {@link #parse} reads it.
     *
     * @throws IllegalArgumentException as {@link #parse} for a plain duration, else
     *                                  {@code '<text>' is not a TRT: ...} naming the part that is wrong
     */
    public static TrtRule parseRule(String text) {
        if (text != null && !text.startsWith("by ") && !text.contains(" in ")) {
            return TrtRule.of(parse(text)); // a plain duration: read, and refused, exactly as the TRTs always were
        }
        Matcher matcher = text == null ? null : RULE.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a TRT: " + RULE_SYNTAX);
        }
        ServiceHours hours = matcher.group("hours") == null ? null : parseHours(text, matcher.group("hours"));
        if (matcher.group("by") != null) {
            return new TrtRule(null, localTime(text, matcher.group("by")), hours);
        }
        Duration duration;
        try {
            duration = parse(matcher.group("duration"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a TRT: " + e.getMessage(), e);
        }
        return new TrtRule(duration, null, hours);
    }

    private static ServiceHours parseHours(String text, String hoursText) {
        Matcher matcher = HOURS.matcher(hoursText);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a TRT: hours '" + hoursText
                    + "' are not 'core hours' or HH:MM-HH:MM with optional days (07:00-18:00 mon-fri)");
        }
        if (matcher.group("from") == null) {
            return ServiceHours.CORE;
        }
        LocalTime from = localTime(text, matcher.group("from"));
        LocalTime to = localTime(text, matcher.group("to"));
        DayOfWeek first = matcher.group(3) == null ? DayOfWeek.MONDAY : DayOfWeek.of(DAYS.indexOf(matcher.group(3)) + 1);
        DayOfWeek last = matcher.group(4) == null ? DayOfWeek.SUNDAY : DayOfWeek.of(DAYS.indexOf(matcher.group(4)) + 1);
        try {
            return new ServiceHours(false, from, to, first, last);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a TRT: " + e.getMessage(), e);
        }
    }

    private static LocalTime localTime(String text, String hhmm) {
        int hour = Integer.parseInt(hhmm.substring(0, 2));
        int minute = Integer.parseInt(hhmm.substring(3));
        if (hour > 23 || minute > 59) {
            throw new IllegalArgumentException("'" + text + "' is not a TRT: '" + hhmm
                    + "' is not a time of day 00:00..23:59");
        }
        return LocalTime.of(hour, minute);
    }

    /** A time of day as {@code HH:MM}, the form {@link #parseRule} reads. */
    static String hhmm(LocalTime time) {
        return String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
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

    /**
     * {@link #within} from the event's deadline ({@link #deadlineEpochNanos} of its start and TRT) instead of its TRT:
     * for an end not before its start ({@code end - start >= 0}, without overflow) the same verdict, since
     * {@code end - start <= trt} exactly when {@code end <= start + trt}, and a saturated deadline is later than any end
     * as the TRT is later than any latency. Lets a record path keep one number per pending event for both its
     * timeout and its verdict.
     */
    public static boolean withinByDeadline(boolean success, long endEpochNanos, long deadlineEpochNanos) {
        return success && endEpochNanos <= deadlineEpochNanos;
    }
}
