package io.pmr.launcher;

import io.pmr.hardware.SteadyTimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Tells the operator when the machine's wall clock has moved away from a tap agent's {@link SteadyTimeSource}
 * (a step, or slow drift between the wall and the monotonic clock): one WARN line each time the offset has changed
 * by a second or more since the last line. The agent's figures do not depend on it: the line says why a log's
 * timestamps and the agent's "now" disagree, and that a restart takes a corrected wall clock up.
 *
 * <p>Threading: {@link #check()} on one thread (the tap's driver); {@link #linesLogged()} from any.
 */
final class WallClockStepWatch {
    private static final Logger LOG = LoggerFactory.getLogger(WallClockStepWatch.class);
    static final long REPORT_STEP_NANOS = 1_000_000_000L;

    private final String agentId;
    private final SteadyTimeSource time;
    private long reportedOffsetNanos;
    private volatile long linesLogged;

    WallClockStepWatch(String agentId, SteadyTimeSource time) {
        this.agentId = agentId;
        this.time = time;
    }

    /** Reads the wall clock once; logs when its offset from the steady time moved by a second or more. */
    void check() {
        long offsetNanos = time.wallOffsetNanos();
        if (Math.abs(offsetNanos - reportedOffsetNanos) < REPORT_STEP_NANOS) {
            return;
        }
        long changeNanos = offsetNanos - reportedOffsetNanos;
        reportedOffsetNanos = offsetNanos;
        linesLogged++;
        LOG.warn("agent {}: wall clock moved {} s; it is now {} s from the tap's clock, which ignores it (the tap's "
                + "now follows the monotonic clock since start; a restart takes the wall clock up again)", agentId,
                seconds(changeNanos), seconds(offsetNanos));
    }

    /** WARN lines written so far. */
    long linesLogged() {
        return linesLogged;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%+.3f", nanos / 1e9);
    }
}
