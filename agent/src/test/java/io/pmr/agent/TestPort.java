package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.sim.VirtualClock;

import java.time.Duration;

/** A HAN port driven by the test: it calls the listener with the virtual clock's reading as timestamp. */
public final class TestPort implements HanPort {
    private final Region region;
    private final VirtualClock clock;
    private HanListener listener;

    public TestPort(Region region, VirtualClock clock) {
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public void attach(HanListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("a listener is already attached");
        }
        this.listener = listener;
    }

    @Override
    public TimeSource timeSource() {
        return clock;
    }

    public VirtualClock clock() {
        return clock;
    }

    public void start(long messageId, EventKind kind, HubVariant variant) {
        listener.onStart(messageId, kind, variant, clock.epochNanos());
    }

    public void end(long messageId, boolean success) {
        listener.onEnd(messageId, clock.epochNanos(), success);
    }

    public void advance(Duration duration) {
        clock.advanceTo(clock.epochNanos() + duration.toNanos());
    }

    @Override
    public void close() {
        listener = null;
    }
}
