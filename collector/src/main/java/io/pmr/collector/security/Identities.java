package io.pmr.collector.security;

import java.util.regex.Pattern;

/** Which MQTT identities the secured broker accepts: agent ids of the wire contract, and the collector's own. */
public final class Identities {
    /** The agent id pattern of {@code AgentSettings}: a single topic level, no wildcard, no separator. */
    public static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Identities() {
    }

    /**
     * Why {@code id} cannot be an agent's identity, or null when it can. {@code config} stays reserved: before the
     * config topic became {@code pmr/v1/{agent}/config} it was {@code pmr/v1/config/{agent}}, where agent
     * {@code config}'s ack topic would have been agent {@code ack}'s config topic; a broker or tool still using the
     * old name must not meet such an agent.
     */
    public static String agentIdProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "is empty";
        }
        if (!AGENT_ID.matcher(id).matches()) {
            return "must match " + AGENT_ID.pattern();
        }
        if (id.equals("config")) {
            return "is reserved";
        }
        return null;
    }
}
