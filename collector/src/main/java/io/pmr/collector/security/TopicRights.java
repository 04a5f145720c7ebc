package io.pmr.collector.security;

import io.pmr.model.Topics;

/**
 * Topic rights on the embedded broker (docs/security.md). Agent {@code X} may publish only
 * {@code pmr/v1/X/status|intervals|events} and subscribe only to its own {@code pmr/v1/X/ack} and
 * {@code pmr/v1/X/config}. The collector may subscribe to {@code pmr/v1/+/status|intervals|events} (or one agent's)
 * and publish only {@code pmr/v1/{agent}/ack} and {@code pmr/v1/{agent}/config} (topic names: {@link Topics}).
 * Everything else is denied: the broker drops a denied publish and answers a denied subscription with a failure code.
 * Stateless; thread-safe.
 */
final class TopicRights {
    private final String collectorUser;

    TopicRights(String collectorUser) {
        this.collectorUser = collectorUser;
    }

    /** Whether {@code user} may publish on {@code topic}. */
    boolean canWrite(String topic, String user) {
        Topics.Parsed parsed = parse(topic);
        if (parsed == null || user == null) {
            return false;
        }
        if (user.equals(collectorUser)) {
            return !parsed.suffix().fromAgent() && isAgentLevel(parsed.agentId());
        }
        return parsed.agentId().equals(user) && parsed.suffix().fromAgent();
    }

    /** Whether {@code user} may subscribe to {@code topicFilter}. */
    boolean canRead(String topic, String user) {
        Topics.Parsed parsed = parse(topic);
        if (parsed == null || user == null) {
            return false;
        }
        if (user.equals(collectorUser)) {
            return (parsed.agentId().equals("+") || isAgentLevel(parsed.agentId())) && parsed.suffix().fromAgent();
        }
        return parsed.agentId().equals(user) && !parsed.suffix().fromAgent();
    }

    /** The agent level and suffix of {@code pmr/v1/{agent}/{suffix}}, or null for any other shape. */
    private static Topics.Parsed parse(String topic) {
        return topic == null ? null : Topics.parse(topic);
    }

    private static boolean isAgentLevel(String level) {
        return Identities.agentIdProblem(level) == null;
    }
}
