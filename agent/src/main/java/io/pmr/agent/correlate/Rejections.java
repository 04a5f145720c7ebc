package io.pmr.agent.correlate;

import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bad input the {@link Correlator} rejects (a start with no kind or variant, of a kind with no TRT, or before the
 * first whole minute a long holds; an end before its start): counted, the first {@value #LOGGED} logged; never thrown.
 *
 * <p>Threading: the record path's thread only.
 */
final class Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(Correlator.class);
    static final int LOGGED = 20;

    private final Measures measures;
    private long rejected;

    Rejections(Measures measures) {
        this.measures = measures;
    }

    /** A start the correlator does not take: says why. */
    void start(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        reject("start", messageId, kind == null ? "no kind" : variant == null ? "no hub variant"
                : !measures.measured(kind) ? "kind has no TRT configured"
                : "start " + startEpochNanos + " ns is before the first whole minute a long holds");
    }

    /** An end earlier than its event's start. */
    void endBeforeStart(long messageId) {
        reject("end", messageId, "end is earlier than its start");
    }

    private void reject(String what, long messageId, String reason) {
        long before = rejected++;
        if (before < LOGGED) {
            LOG.warn("rejected {} of message {}: {} (rejection {}; only the first {} are logged)", what, messageId,
                    reason, before + 1, LOGGED);
        }
    }

    /** Rejections so far. */
    long count() {
        return rejected;
    }
}
