package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;

/**
 * The agent's thread of control ({@link AgentLoop}) in front of a listener, for benchmarks: observations go into
 * the loop's reusable slots on the caller's thread and are replayed into {@code target} on the loop's thread, as a
 * port's observations are in a running agent. It sits in the agent's package (in the bench module) to reach the
 * package-private loop without widening the agent's API; no Acks arrive.
 *
 * <p>Threading: the {@link HanListener} calls, {@link #call} and {@link #stop} from one thread, as the port's.
 */
public final class LoopHandOff implements HanListener {
    private final AgentLoop loop;

    /** Starts the loop's thread ({@code pmr-agent-loop-<name>}). */
    public LoopHandOff(String name, HanListener target) {
        this.loop = new AgentLoop(name, target, (topic, payload) -> { });
    }

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        loop.onStart(messageId, kind, variant, startEpochNanos);
    }

    @Override
    public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
            long startEpochNanos) {
        loop.onDeviceStart(messageId, kind, variant, deviceId, groupId, startEpochNanos);
    }

    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        loop.onEnd(messageId, endEpochNanos, success);
    }

    /** Runs {@code action} on the loop's thread after every observation before it, and waits for it (a tick). */
    public void call(Runnable action) {
        loop.call(action);
    }

    /** Replays what is queued, then ends the loop's thread. */
    public void stop() {
        loop.callAndStop(() -> { });
    }
}
