package io.pmr.collector.data;

import java.util.Objects;

/**
 * A down window an agent's availability probes saw ({@code DownWindow} on the wire): {@code [start, end)} in UTC epoch
 * millis, under an {@code availability} measure, with the agent that sent it.
 */
public record AgentDownWindow(String measureId, String agentId, long startEpochMillis, long endEpochMillis) {
    public AgentDownWindow {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(agentId, "agentId");
    }
}
