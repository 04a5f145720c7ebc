package io.pmr.model;

import java.util.Locale;

/**
 * The MQTT topic names of the wire contract (docs/architecture.md, "Agent -> collector"), written here once:
 * {@code pmr/v1/{agentId}/status|intervals|events} (agent -> collector, an {@code Envelope}),
 * {@code pmr/v1/{agentId}/ack} (collector -> agent, an {@code Ack}) and {@code pmr/v1/{agentId}/config}
 * (collector -> agent, an {@code AgentConfig}, retained). Stateless; thread-safe.
 */
public final class Topics {
    /** Every topic of the contract starts with this. */
    public static final String PREFIX = "pmr/v1/";

    /** The last level of a topic: what it carries and which way. */
    public enum Suffix {
        /** Agent -> collector: a status Envelope (birth, will, graceful stop), retained. */
        STATUS(true),
        /** Agent -> collector: an interval-batch Envelope. */
        INTERVALS(true),
        /** Agent -> collector: a per-device events Envelope. */
        EVENTS(true),
        /** Collector -> agent: an Ack of sequences stored. */
        ACK(false),
        /** Collector -> agent: the AgentConfig (TRTs per measure), retained. */
        CONFIG(false);

        private final boolean fromAgent;
        private final String level;

        Suffix(boolean fromAgent) {
            this.fromAgent = fromAgent;
            this.level = name().toLowerCase(Locale.ROOT);
        }

        /** Whether agents publish it (status, intervals, events); the collector publishes the others. */
        public boolean fromAgent() {
            return fromAgent;
        }

        /** The topic level, e.g. {@code status}. */
        public String level() {
            return level;
        }

        /** The suffix whose level this is, or null. */
        public static Suffix ofLevel(String level) {
            for (Suffix suffix : values()) {
                if (suffix.level.equals(level)) {
                    return suffix;
                }
            }
            return null;
        }
    }

    /**
     * A topic split into the agent id it names (untrusted: compare it with the payload and the MQTT identity) and
     * its suffix.
     */
    public record Parsed(String agentId, Suffix suffix) {
    }

    private Topics() {
    }

    /** {@code pmr/v1/{agentId}/{suffix}}. */
    public static String of(String agentId, Suffix suffix) {
        return PREFIX + agentId + "/" + suffix.level();
    }

    /** {@code pmr/v1/{agentId}/ack}. */
    public static String ack(String agentId) {
        return of(agentId, Suffix.ACK);
    }

    /** {@code pmr/v1/{agentId}/config}. */
    public static String config(String agentId) {
        return of(agentId, Suffix.CONFIG);
    }

    /** The filter matching one suffix of every agent, e.g. {@code pmr/v1/+/status}. */
    public static String everyAgent(Suffix suffix) {
        return of("+", suffix);
    }

    /** The filters the collector subscribes to: every agent's status, intervals and events. */
    public static String[] collectorSubscriptions() {
        return new String[] {everyAgent(Suffix.STATUS), everyAgent(Suffix.INTERVALS), everyAgent(Suffix.EVENTS)};
    }

    /**
     * Parses {@code pmr/v1/{agentId}/{suffix}} with a non-empty agent level and a known suffix; null for any other
     * shape (more or fewer levels, another prefix, an unknown suffix). Wildcards are not special here: {@code +}
     * parses as an agent id, which callers checking rights on filters rely on.
     */
    public static Parsed parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || topic.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        Suffix suffix = Suffix.ofLevel(topic.substring(slash + 1));
        return suffix == null ? null : new Parsed(topic.substring(PREFIX.length(), slash), suffix);
    }

    /** A bounded (200 characters), single-line rendering of untrusted text (a topic, an id) for logs. */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > 200) {
            out.append("...");
        }
        return out.toString();
    }
}
