package io.pmr.agent.correlate;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;

/** Receives the pending events of a {@link Correlator} (for a shutdown snapshot). */
@FunctionalInterface
public interface PendingVisitor {
    /** deviceId and groupId are those of a per-device event's start, 0 for other events. */
    void pending(long messageId, EventKind kind, HubVariant variant, long startEpochNanos, long deviceId, long groupId);
}
