package io.pmr.agent;

import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.spool.OpenWindowSnapshot;
import io.pmr.agent.spool.PendingSnapshot;
import io.pmr.hardware.EventKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an {@link Agent} carries across a graceful restart, outside the outbox and sequence store (which survive by
 * construction; {@link Recovery} opens them): at a start, taking up the snapshots of the last graceful stop
 * ({@code pending.bin}: events still waiting for their end; {@code open-windows.bin}: down windows still open), or
 * discarding them when the source is replayed from its start; at a graceful stop, writing those snapshots. See the
 * {@link Agent}'s class comment for the crash contract.
 *
 * <p>Threading: static methods; {@link #resume} runs on the starting thread before the thread of control starts,
 * {@link #save} on the thread of control at the stop. Logs under the {@link Agent}'s logger, as before this class
 * was split out of it.
 */
final class RestartCarryover {
    /** The agent's category: operators' log settings for the agent keep covering its start and stop. */
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private RestartCarryover() {
    }

    /**
     * At a start, after {@link Recovery}, before the port is attached: takes up (or, when the source is replayed from
     * its start, discards) the last graceful stop's snapshots: open down windows are reopened before the carried
     * events start again, so their probes' verdicts continue those windows.
     */
    static void resume(AgentSettings settings, DownWindows downWindows, Correlator correlator) throws IOException {
        if (settings.replayFromStart()) {
            // The replay delivers those events and windows again: taking the snapshots up would count them twice.
            List<PendingSnapshot.Pending> stale = PendingSnapshot.take(settings.dataDir());
            List<OpenWindowSnapshot.Open> staleWindows = OpenWindowSnapshot.take(settings.dataDir());
            if (!stale.isEmpty() || !staleWindows.isEmpty()) {
                LOG.info("agent {}: replaying from the start: {} carried events and {} open windows of the last stop "
                        + "are recomputed instead", settings.agentId(), stale.size(), staleWindows.size());
            }
        }
        for (OpenWindowSnapshot.Open window : OpenWindowSnapshot.take(settings.dataDir())) {
            // Before the carried probes start again: their verdicts continue the window open at the stop.
            downWindows.reopen(window.kind(), window.startEpochNanos());
            LOG.info("agent {}: down window of {} open since {} epoch ns at the last stop continues",
                    settings.agentId(), window.kind(), window.startEpochNanos());
        }
        List<PendingSnapshot.Pending> carried = PendingSnapshot.take(settings.dataDir());
        for (PendingSnapshot.Pending event : carried) {
            // Started before the last stop; their finished neighbours were sent then. Counted once, here.
            if (event.kind().perDevice()) {
                correlator.onDeviceStart(event.messageId(), event.kind(), event.variant(), event.deviceId(),
                        event.groupId(), event.startEpochNanos());
            } else {
                correlator.onStart(event.messageId(), event.kind(), event.variant(), event.startEpochNanos());
            }
        }
        if (!carried.isEmpty()) {
            LOG.info("agent {}: took up {} events still waiting for their end at the last stop", settings.agentId(),
                    carried.size());
        }
    }

    /**
     * At a graceful stop: saves the events still waiting for their end and the down windows still open, which the
     * next start takes up with {@link #resume}.
     */
    static void save(AgentSettings settings, Correlator correlator, DownWindows downWindows) throws IOException {
        List<PendingSnapshot.Pending> waiting = new ArrayList<>();
        correlator.forEachPending((id, kind, variant, start, device, group) ->
                waiting.add(new PendingSnapshot.Pending(id, kind, variant, start, device, group)));
        // In start order (the correlator visits them in storage order): resume() starts them again in this order, and
        // each kind's deadline queue, and its probes' down windows, take events in start order.
        waiting.sort(java.util.Comparator.comparingLong(PendingSnapshot.Pending::startEpochNanos)
                .thenComparingLong(PendingSnapshot.Pending::messageId));
        PendingSnapshot.write(settings.dataDir(), waiting);
        List<OpenWindowSnapshot.Open> openWindows = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            long since = downWindows.openSinceEpochNanos(kind);
            if (since != Long.MAX_VALUE) {
                openWindows.add(new OpenWindowSnapshot.Open(kind, since));
            }
        }
        OpenWindowSnapshot.write(settings.dataDir(), openWindows);
    }
}
