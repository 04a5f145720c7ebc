package io.pmr.agent.rtt;

import io.pmr.hardware.EventKind;

import java.time.Duration;
import java.util.List;

/**
 * What a live round-trip session sends and measures.
 *
 * @param kind              the test command sent (RTT2, RTT3 or RTT4)
 * @param commandsPerSecond the fixed send rate; command i is due at start + i / rate
 * @param duration          how long commands are sent; the session sends floor(rate x duration) commands
 * @param trts              the TRTs whose within-share is counted, ascending, no duplicates; the largest
 *                          is the loss deadline (a command unanswered by intended send + max TRT is lost)
 * @param reportInterval    how often an interval is logged and the live snapshot is taken
 * @param grace             how long after {@code duration} the session still waits for responses (zero or
 *                          more): at start + duration + grace it stops, and commands still pending then are
 *                          counted as unanswered at stop (no verdict), apart from the lost ones
 */
public record RttSettings(EventKind kind, double commandsPerSecond, Duration duration, List<Duration> trts,
                          Duration reportInterval, Duration grace) {

    /** The grace the command line uses unless told otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** Upper bound on the commands of one session: one state byte each is kept. */
    public static final long MAX_COMMANDS = 500_000_000L;

    public RttSettings {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (!(commandsPerSecond > 0 && commandsPerSecond <= 100_000)) {
            throw new IllegalArgumentException("commandsPerSecond must be in (0, 100000], got " + commandsPerSecond);
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (trts == null || trts.isEmpty()) {
            throw new IllegalArgumentException("trts must list at least one TRT");
        }
        trts = List.copyOf(trts);
        for (int i = 0; i < trts.size(); i++) {
            Duration trt = trts.get(i);
            if (trt.isNegative() || trt.isZero()) {
                throw new IllegalArgumentException("trts[" + i + "] must be positive, got " + trt);
            }
            if (i > 0 && trt.compareTo(trts.get(i - 1)) <= 0) {
                throw new IllegalArgumentException("trts must be ascending without duplicates, got " + trts);
            }
        }
        if (reportInterval == null || reportInterval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("reportInterval must be at least 1 ms, got " + reportInterval);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or more, got " + grace);
        }
        if (duration.plus(grace).compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("duration + grace must be at most 365 days, got " + duration.plus(grace));
        }
        double count = Math.floor(commandsPerSecond * (duration.toNanos() / 1e9));
        if (count < 1 || count > MAX_COMMANDS) {
            throw new IllegalArgumentException("commandsPerSecond x duration must give 1.." + MAX_COMMANDS
                    + " commands, got " + count);
        }
    }

    /** How many commands the session sends. */
    public long commandCount() {
        return (long) Math.floor(commandsPerSecond * (duration.toNanos() / 1e9));
    }

    /** The loss deadline after each intended send: the largest TRT, in nanoseconds. */
    public long maxTrtNanos() {
        return trts.get(trts.size() - 1).toNanos();
    }

    /** When the session stops at the latest, as nanoseconds after the start: duration + grace. */
    public long stopOffsetNanos() {
        return duration.plus(grace).toNanos();
    }

    /** The intended send time of command {@code index}, as nanoseconds after the start. */
    long intendedOffsetNanos(long index) {
        return (long) Math.floor(index * 1e9 / commandsPerSecond);
    }
}
