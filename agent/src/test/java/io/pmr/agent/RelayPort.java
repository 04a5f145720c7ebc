package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;

/**
 * Stands between a rig's port and an agent, so that an agent can stop and another start on the same port
 * (a rig port takes one listener for life). Observations while no agent is attached are counted as dropped.
 */
final class RelayPort implements HanPort, HanListener {
    private final HanPort port;
    private HanListener listener;
    long dropped;

    RelayPort(HanPort port) {
        this.port = port;
        port.attach(this);
    }

    @Override
    public Region region() {
        return port.region();
    }

    @Override
    public void attach(HanListener newListener) {
        if (listener != null) {
            throw new IllegalStateException("a listener is already attached");
        }
        listener = newListener;
    }

    /** The agent stopped: the next one may attach. */
    void detach() {
        listener = null;
    }

    @Override
    public TimeSource timeSource() {
        return port.timeSource();
    }

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        if (listener == null) {
            dropped++;
        } else {
            listener.onStart(messageId, kind, variant, startEpochNanos);
        }
    }

    @Override
    public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                              long startEpochNanos) {
        if (listener == null) {
            dropped++;
        } else {
            listener.onDeviceStart(messageId, kind, variant, deviceId, groupId, startEpochNanos);
        }
    }

    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        if (listener == null) {
            dropped++;
        } else {
            listener.onEnd(messageId, endEpochNanos, success);
        }
    }

    @Override
    public void close() {
        listener = null;
    }
}
