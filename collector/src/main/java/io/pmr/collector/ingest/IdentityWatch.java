package io.pmr.collector.ingest;

import io.pmr.collector.data.IdentityClash;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells when two agents are live at once under one agent id, from the ONLINE births the agents publish on every
 * connect. Two agents with one MQTT client id kick each other off the broker, so each reconnects and sends a new birth
 * under its own boot epoch: births of epochs X, Y, X follow each other. A restart alone never does that: the old boot's
 * births all come before the new boot's, except one old birth replayed from the outbox after the new boot's, and that
 * one was <em>created</em> before. So a clash is a birth of epoch X that follows (in receipt order, and in creation
 * time by the agents' clocks) a birth of another epoch Y, which itself follows a birth of X in both orders, all received
 * within {@link #WINDOW_MILLIS}.
 *
 * <p>Only newly stored births are observed (a duplicate is the same birth again). Memory is bounded: at most
 * {@link #BIRTHS_PER_AGENT} births per agent, {@link #MAX_AGENTS} agents (least recently heard forgotten first).
 * Not thread-safe: confined to the ingest writer thread.
 */
final class IdentityWatch {
    static final long WINDOW_MILLIS = 60 * 60 * 1000L;
    static final int BIRTHS_PER_AGENT = 32;
    static final int MAX_AGENTS = 10_000;

    private record Birth(long bootEpoch, long createdEpochMillis, long receivedEpochMillis) {
    }

    private final Map<String, Deque<Birth>> births = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Birth>> eldest) {
            return size() > MAX_AGENTS;
        }
    };

    /**
     * Observes a newly stored envelope; returns the clash it reveals (epochs ordered unsigned), or null. Bodies other
     * than an ONLINE status are ignored.
     */
    IdentityClash observe(Envelope envelope, long receivedEpochMillis) {
        if (!envelope.hasStatus() || envelope.getStatus().getState() != AgentStatus.State.ONLINE) {
            return null;
        }
        Deque<Birth> recent = births.computeIfAbsent(envelope.getAgentId(), id -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().receivedEpochMillis() < receivedEpochMillis - WINDOW_MILLIS) {
            recent.removeFirst();
        }
        Birth now = new Birth(envelope.getBootEpoch(), envelope.getCreatedEpochMillis(), receivedEpochMillis);
        IdentityClash clash = clashEndingAt(envelope.getAgentId(), new ArrayList<>(recent), now);
        recent.addLast(now);
        if (recent.size() > BIRTHS_PER_AGENT) {
            recent.removeFirst();
        }
        return clash;
    }

    private static IdentityClash clashEndingAt(String agentId, List<Birth> earlier, Birth now) {
        for (int j = earlier.size() - 1; j >= 0; j--) {
            Birth other = earlier.get(j);
            if (other.bootEpoch() == now.bootEpoch() || other.createdEpochMillis() >= now.createdEpochMillis()) {
                continue;
            }
            for (int i = j - 1; i >= 0; i--) {
                Birth first = earlier.get(i);
                if (first.bootEpoch() == now.bootEpoch() && first.createdEpochMillis() < other.createdEpochMillis()) {
                    long a = now.bootEpoch();
                    long b = other.bootEpoch();
                    boolean aFirst = Long.compareUnsigned(a, b) < 0;
                    return new IdentityClash(agentId, aFirst ? a : b, aFirst ? b : a, first.receivedEpochMillis(),
                            now.receivedEpochMillis());
                }
            }
        }
        return null;
    }
}
