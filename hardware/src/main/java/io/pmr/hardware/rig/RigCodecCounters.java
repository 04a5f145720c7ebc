package io.pmr.hardware.rig;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one side of the rig protocol rejected: frames too long, frames that are not a RigFrame, frames
 * with invalid content. Each rejection is also logged with the peer and the reason.
 *
 * <p>Threading: updated from Netty's event loops, readable from any thread.
 */
public final class RigCodecCounters {
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> lastRejection = new AtomicReference<>("");

    /** Frames rejected (and skipped) so far. */
    public long rejected() {
        return rejected.get();
    }

    /** The reason of the latest rejection, empty when none. */
    public String lastRejection() {
        return lastRejection.get();
    }

    void reject(String reason) {
        rejected.incrementAndGet();
        lastRejection.set(reason);
    }

    @Override
    public String toString() {
        return "RigCodecCounters[rejected=" + rejected() + ", last='" + lastRejection() + "']";
    }
}
