package io.pmr.collector.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The ranges a wire value from an agent can plausibly take, checked at the edge so that nothing stored can later
 * break a sum, a fingerprint or a date conversion in a report:
 * <ul>
 * <li>times (interval starts, watermarks, down windows, record starts and ends) at or after {@link #EARLIEST}
 * (2000-01-01T00:00Z) and strictly before {@code now + maxClockSkew}, {@code now} from the collector's clock;</li>
 * <li>sequences 1..2^63-1: the wire type is uint64 but the agent and the store both hold it in a signed Java long, and
 * an agent starts at 1 and would need 2^63 envelopes to pass that range, so a value read as negative (or zero) is one
 * no agent produced;</li>
 * <li>boot epochs nonzero (any other 64-bit value is a boot epoch an agent may use; the store keeps its bits).</li>
 * </ul>
 * Thread-safe (immutable; the clock is read per call).
 */
final class WireBounds {
    /** 2000-01-01T00:00:00Z: no smart-metering datum the product measures is older. */
    static final long EARLIEST_EPOCH_MILLIS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final Instant EARLIEST = Instant.ofEpochMilli(EARLIEST_EPOCH_MILLIS);
    /** The default tolerance for an agent's clock running ahead of the collector's. */
    static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofDays(1);

    private final Clock clock;
    private final long maxClockSkewMillis;

    /**
     * @param clock        the collector's clock ({@code now})
     * @param maxClockSkew how far ahead of {@code now} a time may lie (positive, at most 365 days)
     */
    WireBounds(Clock clock, Duration maxClockSkew) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must be set");
        }
        checkSkew(maxClockSkew);
        this.clock = clock;
        this.maxClockSkewMillis = maxClockSkew.toMillis();
    }

    /** Throws IllegalArgumentException naming {@code maxClockSkew} unless it is positive and at most 365 days. */
    static void checkSkew(Duration maxClockSkew) {
        if (maxClockSkew == null || maxClockSkew.isNegative() || maxClockSkew.isZero()
                || maxClockSkew.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("maxClockSkew must be positive and at most 365 days, was "
                    + maxClockSkew);
        }
    }

    /** The first epoch millisecond that is too late: {@code now + maxClockSkew}. */
    long latestExclusiveEpochMillis() {
        return clock.millis() + maxClockSkewMillis;
    }

    /**
     * Null when {@code epochMillis} lies in {@code [EARLIEST, now + skew)}, else the problem, naming {@code field}
     * and the value (both as a number and, where it converts, as an instant).
     */
    String checkTime(Object field, long epochMillis) {
        long latest = latestExclusiveEpochMillis();
        if (epochMillis >= EARLIEST_EPOCH_MILLIS && epochMillis < latest) {
            return null;
        }
        return field + " " + epochMillis + " (" + printable(epochMillis) + ") is outside [" + EARLIEST + ", "
                + Instant.ofEpochMilli(latest) + "): before 2000 or beyond the collector's clock plus "
                + Duration.ofMillis(maxClockSkewMillis);
    }

    /** Null when the envelope key's numbers are ones an agent can produce, else the problem. */
    static String checkKey(long bootEpoch, long sequence) {
        if (bootEpoch == 0) {
            return "boot_epoch is 0 (an agent's boot epoch is never 0)";
        }
        if (sequence <= 0) {
            return "sequence " + Long.toUnsignedString(sequence) + " is outside 1.." + Long.MAX_VALUE;
        }
        return null;
    }

    /** An instant's text, or a note when the value is beyond what {@link Instant} holds. */
    static String printable(long epochMillis) {
        try {
            return Instant.ofEpochMilli(epochMillis).toString();
        } catch (java.time.DateTimeException e) {
            return "not a representable instant";
        }
    }
}
