package io.pmr.hardware.sim;

import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;

/**
 * One region's port on the simulated rig. The rig delivers to the attached listener from the thread
 * that calls {@link SimulatedRig#advanceTo}; observations before attachment or after close are dropped.
 *
 * <p>Threading: attach and close may be called from any thread.
 */
final class SimPort implements HanPort {
    private final Region region;
    private final VirtualClock clock;
    private final Object lock = new Object();
    private volatile HanListener listener;
    private boolean closed;

    SimPort(Region region, VirtualClock clock) {
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public void attach(HanListener newListener) {
        if (newListener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("port " + region + " is closed");
            }
            if (listener != null) {
                throw new IllegalStateException("port " + region + " already has a listener");
            }
            listener = newListener;
        }
    }

    @Override
    public TimeSource timeSource() {
        return clock;
    }

    /** The attached listener, or null: observations are then dropped. */
    HanListener listener() {
        return listener;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            listener = null;
        }
    }

    @Override
    public String toString() {
        return "SimPort[" + region + "]";
    }
}
