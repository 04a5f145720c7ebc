package io.pmr.collector.data;

import java.util.List;

/**
 * An agent's latest status and when the collector last stored an envelope of it.
 *
 * @param measures             the measures the agent declared with that status, sorted
 * @param lastHeardEpochMillis receipt time (collector clock, UTC epoch millis) of its last stored envelope, 0 if none
 */
public record AgentSummary(String agentId, long bootEpoch, String state, String softwareVersion, String region,
        List<String> measures, long lastHeardEpochMillis) {
}
