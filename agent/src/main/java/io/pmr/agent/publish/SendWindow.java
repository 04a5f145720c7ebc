package io.pmr.agent.publish;

import io.pmr.agent.spool.OutboxEntry;

import java.util.List;

/**
 * Decides which outbox envelopes a sweep publishes: at most {@link #size()} envelopes published and not yet
 * acknowledged (an ack-clocked window, so a slow collector is never flooded and re-sends cannot snowball),
 * new ones in sequence order as the window opens, and a re-send of any envelope unacknowledged
 * {@code resendAfter} after its last publish, the wait doubling per attempt up to {@link #MAX_BACKOFF_FACTOR}
 * times. The window adapts like TCP's: it grows by one per acknowledged envelope up to {@link #MAX_SIZE}, and
 * halves (to at least 1) when a re-send falls due, at most once per {@code resendAfter}.
 *
 * <p>Threading: {@link #select} and {@link #acknowledged} run under the {@link Publisher}'s sweep lock; the size is
 * volatile, read by any thread.
 */
final class SendWindow {
    static final int MAX_SIZE = 64;
    static final int MAX_BACKOFF_FACTOR = 8;
    private static final long NEVER_CUT = Long.MIN_VALUE;

    private final long resendAfterNanos;
    private volatile int size = MAX_SIZE;
    private long lastCutNanos = NEVER_CUT;

    SendWindow(long resendAfterNanos) {
        this.resendAfterNanos = resendAfterNanos;
    }

    int size() {
        return size;
    }

    /** Acks removed {@code count} envelopes from the outbox: the window opens by as many. */
    void acknowledged(int count) {
        size = Math.min(MAX_SIZE, size + count);
    }

    /**
     * Appends to {@code out}, in sequence order, the entries to publish now.
     *
     * @param entries the outbox's unacknowledged entries in sequence order
     * @param sent    what was published when
     */
    void select(List<OutboxEntry> entries, SendState sent, long nowNanos, List<OutboxEntry> out) {
        int inFlight = 0;
        for (OutboxEntry entry : entries) {
            if (sent.lastPublishedNanos(entry) != SendState.NEVER) {
                inFlight++;
            }
        }
        for (OutboxEntry entry : entries) {
            long last = sent.lastPublishedNanos(entry);
            if (last == SendState.NEVER) {
                if (inFlight < size) {
                    out.add(entry);
                    inFlight++;
                }
            } else if (nowNanos - last >= resendDelayNanos(sent.publishCount(entry))) {
                cut(nowNanos);
                out.add(entry);
            }
        }
    }

    /** resendAfter, doubled per earlier attempt, at most MAX_BACKOFF_FACTOR times resendAfter. */
    long resendDelayNanos(int publishCount) {
        int doublings = Math.min(Math.max(publishCount - 1, 0), Integer.numberOfTrailingZeros(MAX_BACKOFF_FACTOR));
        return resendAfterNanos << doublings;
    }

    private void cut(long nowNanos) {
        if (lastCutNanos == NEVER_CUT || nowNanos - lastCutNanos >= resendAfterNanos) {
            lastCutNanos = nowNanos;
            size = Math.max(1, size / 2);
        }
    }
}
