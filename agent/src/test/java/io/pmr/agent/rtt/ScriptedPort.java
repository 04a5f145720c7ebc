package io.pmr.agent.rtt;

import io.pmr.hardware.CommandListener;
import io.pmr.hardware.CommandPort;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.sim.ManualScheduler;
import io.pmr.hardware.sim.VirtualClock;

import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * A port whose latencies the test dictates: command id -> latency in nanoseconds after its send, or
 * a negative value for never. Responses are delivered by the manual scheduler, successful unless the
 * id is in the failing predicate.
 */
final class ScriptedPort implements CommandPort {
    private final VirtualClock clock;
    private final ManualScheduler scheduler;
    private final LongUnaryOperator latencyNanosById;
    private CommandListener listener;
    int sends;

    ScriptedPort(VirtualClock clock, ManualScheduler scheduler, LongUnaryOperator latencyNanosById) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.latencyNanosById = latencyNanosById;
    }

    @Override
    public Region region() {
        return Region.NORTH;
    }

    @Override
    public TimeSource timeSource() {
        return clock;
    }

    @Override
    public void attach(CommandListener l) {
        if (listener != null) {
            throw new IllegalStateException("already attached");
        }
        listener = l;
    }

    @Override
    public void send(long commandId, EventKind kind) {
        sends++;
        long latency = latencyNanosById.applyAsLong(commandId);
        if (latency < 0) {
            return;
        }
        long due = clock.epochNanos() + latency;
        scheduler.schedule(() -> listener.onResponse(commandId, due, true), latency, TimeUnit.NANOSECONDS);
    }

    /** Delivers an arbitrary response now, as a misbehaving rig might. */
    void inject(long commandId, long epochNanos) {
        listener.onResponse(commandId, epochNanos, true);
    }

    @Override
    public void close() {
    }
}
