package io.pmr.agent.rtt;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of every command of one session and the counts built from them, from exact nanosecond values: a
 * successful response with latency at or under a TRT is within it; a command with no response by intended send +
 * max TRT (clock strictly past) is lost, and a response after that is counted as late and changes nothing; a command
 * still pending when the session ends is unanswered at stop (no verdict). Latencies of responses (successful or
 * failed) go into one HdrHistogram in nanoseconds, 3 significant digits, auto-resizing, accumulated since the start.
 *
 * <p>Times are nanoseconds after the session's start; command i is intended at
 * {@link RttSettings#intendedOffsetNanos(long)}. Ids are handed out in order by {@link #markSent()}.
 *
 * <p>Threading: not thread-safe; the session calls it with its lock held.
 */
final class RttLedger {
    /** What a response did. */
    enum Outcome {
        /** recorded: its latency is in the histogram (and within the TRTs it meets, if successful) */
        ANSWERED,
        /** past its deadline before the sweep saw it: the command is lost now, the response late */
        LOST,
        /** its command was already lost or unanswered at stop: counted as late, nothing else changed */
        LATE,
        /** rejected: an id never sent */
        UNKNOWN,
        /** rejected: its command was already answered */
        DUPLICATE,
        /** rejected: a latency below zero */
        BEFORE_SEND
    }

    private static final byte PENDING = 0;
    private static final byte ANSWERED = 1;
    private static final byte LOST = 2;
    private static final byte UNANSWERED = 3;

    private final RttSettings settings;
    private final long maxTrtNanos;
    private final long[] trtNanos;
    private final long[] withinCounts;
    private final byte[] states;
    private final Histogram totalHistogram = new Histogram(3);

    private long sent;
    private long oldestUnsettled;
    private long answered;
    private long failed;
    private long lost;
    private long late;
    private long rejected;
    private long unansweredAtStop;

    RttLedger(RttSettings settings) {
        this.settings = settings;
        this.maxTrtNanos = settings.maxTrtNanos();
        this.trtNanos = settings.trts().stream().mapToLong(Duration::toNanos).toArray();
        this.withinCounts = new long[trtNanos.length];
        this.states = new byte[(int) settings.commandCount()];
    }

    /** Commands sent so far; the next id to send. */
    long sent() {
        return sent;
    }

    /** Marks the next command as sent (pending) and returns its id; the caller has checked one is left to send. */
    long markSent() {
        return sent++;
    }

    /** True when every sent command is answered or lost. */
    boolean allSettled() {
        return answered + lost == sent;
    }

    /**
     * Settles one response.
     *
     * @param latencyNanos response time minus the command's intended send time (any value for an unknown id)
     * @param success      false for a response reporting a failure: recorded, never within a TRT
     */
    Outcome respond(long commandId, long latencyNanos, boolean success) {
        if (commandId < 0 || commandId >= sent) {
            rejected++;
            return Outcome.UNKNOWN;
        }
        int index = (int) commandId;
        if (states[index] == LOST || states[index] == UNANSWERED) {
            late++;
            return Outcome.LATE;
        }
        if (states[index] == ANSWERED || latencyNanos < 0) {
            rejected++;
            return states[index] == ANSWERED ? Outcome.DUPLICATE : Outcome.BEFORE_SEND;
        }
        if (latencyNanos > maxTrtNanos) {
            // past its deadline: lost whether or not the sweep has run yet
            states[index] = LOST;
            lost++;
            late++;
            return Outcome.LOST;
        }
        states[index] = ANSWERED;
        answered++;
        totalHistogram.recordValue(latencyNanos);
        failed += success ? 0 : 1;
        for (int i = 0; success && i < trtNanos.length; i++) {
            if (latencyNanos <= trtNanos[i]) {
                withinCounts[i]++;
            }
        }
        return Outcome.ANSWERED;
    }

    /** Declares lost, oldest first, every pending command whose deadline is strictly before {@code nowOffsetNanos}. */
    void sweepLost(long nowOffsetNanos) {
        while (oldestUnsettled < sent) {
            int index = (int) oldestUnsettled;
            if (states[index] == PENDING) {
                if (nowOffsetNanos <= settings.intendedOffsetNanos(oldestUnsettled) + maxTrtNanos) {
                    break;
                }
                states[index] = LOST;
                lost++;
            }
            oldestUnsettled++;
        }
    }

    /**
     * When the next sweep can declare a command lost, as nanoseconds after the start: 1 ns past the deadline of the
     * oldest command the last {@link #sweepLost} left pending; -1 when it left none.
     */
    long nextLossOffsetNanos() {
        return oldestUnsettled < sent ? settings.intendedOffsetNanos(oldestUnsettled) + maxTrtNanos + 1 : -1;
    }

    /** Counts every command still pending as unanswered at stop (no verdict); a later response is late. */
    void settlePendingAsUnanswered() {
        for (long id = oldestUnsettled; id < sent; id++) {
            if (states[(int) id] == PENDING) {
                states[(int) id] = UNANSWERED;
                unansweredAtStop++;
            }
        }
        oldestUnsettled = sent;
    }

    /** A copy of the histogram of every recorded latency, nanoseconds. */
    Histogram histogramCopy() {
        return totalHistogram.copy();
    }

    /** The counts for a log line: {@code 100 sent, 90 answered, 5 lost, 5 unanswered at stop}. */
    @Override
    public String toString() {
        return sent + " sent, " + answered + " answered, " + lost + " lost, " + unansweredAtStop + " unanswered at stop";
    }

    /** The running totals, with what the session alone knows: time since the start, whether sending is done, time left. */
    Snapshot snapshot(long elapsedNanos, boolean sendingDone, long stopInNanos) {
        List<Long> counts = new ArrayList<>(trtNanos.length);
        List<Double> shares = new ArrayList<>(trtNanos.length);
        long settled = answered + lost;
        for (long count : withinCounts) {
            counts.add(count);
            shares.add(settled == 0 ? Double.NaN : (double) count / settled);
        }
        Histogram h = totalHistogram;
        boolean empty = h.getTotalCount() == 0;
        return new Snapshot(elapsedNanos, sent, answered, failed, lost, sent - answered - lost - unansweredAtStop,
                unansweredAtStop, late, rejected, sendingDone, stopInNanos,
                empty ? 0 : h.getValueAtPercentile(50.0), empty ? 0 : h.getValueAtPercentile(90.0),
                empty ? 0 : h.getValueAtPercentile(99.0), empty ? 0 : h.getValueAtPercentile(99.9),
                empty ? 0 : h.getMaxValue(), settings.trts(), counts, shares);
    }
}
