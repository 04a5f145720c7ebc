package io.pmr.collector.security;

import java.util.Set;

/**
 * Topic rights on the embedded broker (docs/security.md). Agent {@code X} may publish only
 * {@code pmr/v1/X/status|intervals|events} and subscribe only to {@code pmr/v1/X/ack} and {@code pmr/v1/config/X}.
 * The collector may subscribe to {@code pmr/v1/+/status|intervals|events} (or one agent's) and publish only
 * {@code pmr/v1/{agent}/ack} and {@code pmr/v1/config/{agent}}. Everything else is denied: the broker drops a denied
 * publish and answers a denied subscription with a failure code. Stateless; thread-safe.
 */
final class TopicRights {
    private static final String PREFIX = "pmr/v1/";
    private static final Set<String> AGENT_SUFFIXES = Set.of("status", "intervals", "events");

    private final String collectorUser;

    TopicRights(String collectorUser) {
        this.collectorUser = collectorUser;
    }

    /** Whether {@code user} may publish on {@code topic}. */
    boolean canWrite(String topic, String user) {
        String[] levels = levels(topic);
        if (levels == null || user == null) {
            return false;
        }
        if (user.equals(collectorUser)) {
            return isAgentLevel(levels[0]) && levels[1].equals("ack")
                    || levels[0].equals("config") && isAgentLevel(levels[1]);
        }
        return levels[0].equals(user) && AGENT_SUFFIXES.contains(levels[1]);
    }

    /** Whether {@code user} may subscribe to {@code topicFilter}. */
    boolean canRead(String topic, String user) {
        String[] levels = levels(topic);
        if (levels == null || user == null) {
            return false;
        }
        if (user.equals(collectorUser)) {
            return (levels[0].equals("+") || isAgentLevel(levels[0])) && AGENT_SUFFIXES.contains(levels[1]);
        }
        return levels[0].equals(user) && levels[1].equals("ack")
                || levels[0].equals("config") && levels[1].equals(user);
    }

    /** The two levels under {@code pmr/v1/}, or null for any other shape. */
    private static String[] levels(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        String[] levels = text.substring(PREFIX.length()).split("/", -1);
        return levels.length == 2 ? levels : null;
    }

    private static boolean isAgentLevel(String level) {
        return Identities.agentIdProblem(level) == null;
    }
}
