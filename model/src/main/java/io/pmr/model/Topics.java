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

    /** How a shared subscription's filter starts: {@code $share/}, then the group name and a slash. */
    public static final String SHARE_PREFIX = "$share/";

    /** Longest share group name taken (a name is an operator's label, not data). */
    public static final int MAX_SHARE_GROUP_LENGTH = 64;

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

        /** Every suffix, once: {@code values()} clones its array per call, and a parse runs per message. */
        private static final Suffix[] ALL = values();

        /** The suffix whose level this is, or null. */
        public static Suffix ofLevel(String level) {
            for (Suffix suffix : ALL) {
                if (suffix.level.equals(level)) {
                    return suffix;
                }
            }
            return null;
        }

        /** The suffix whose level is {@code text} from {@code start} to its end, or null; no substring made. */
        static Suffix ofLevelAt(String text, int start) {
            int length = text.length() - start;
            for (Suffix suffix : ALL) {
                if (suffix.level.length() == length && text.startsWith(suffix.level, start)) {
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
     * The filters several collectors sharing one stream subscribe to: {@code $share/GROUP/pmr/v1/+/status},
     * {@code .../intervals}, {@code .../events} (MQTT shared subscriptions, as MQTT 5 names them and Mosquitto 2.0,
     * EMQX, HiveMQ and VerneMQ take them over MQTT 3.1.1 too). The broker hands each message to one member of the
     * group.
     * Deliveries carry the real topic ({@code pmr/v1/{agentId}/...}), which {@link #parse} reads.
     *
     * @throws IllegalArgumentException when the group is not a {@linkplain #shareGroupProblem valid name}
     */
    public static String[] sharedCollectorSubscriptions(String group) {
        String problem = shareGroupProblem(group);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String[] plain = collectorSubscriptions();
        String[] shared = new String[plain.length];
        for (int i = 0; i < plain.length; i++) {
            shared[i] = SHARE_PREFIX + group + "/" + plain[i];
        }
        return shared;
    }

    /**
     * Why {@code group} cannot name a shared subscription's group, or null when it can: 1 to
     * {@value #MAX_SHARE_GROUP_LENGTH} characters of ASCII letters, digits, {@code _}, {@code -} and {@code .}. MQTT
     * forbids only {@code /}, {@code +} and {@code #}; the narrower set keeps the name safe in topic filters, logs,
     * broker ACL files and shell commands alike.
     */
    public static String shareGroupProblem(String group) {
        if (group == null || group.isEmpty()) {
            return "the group name is empty";
        }
        if (group.length() > MAX_SHARE_GROUP_LENGTH) {
            return "the group name has " + group.length() + " characters, at most " + MAX_SHARE_GROUP_LENGTH
                    + " are taken";
        }
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.';
            if (!ok) {
                return "the group name '" + printable(group) + "' has '" + (Character.isISOControl(c) ? "?" : c)
                        + "' at position " + (i + 1) + ": only ASCII letters, digits, '_', '-' and '.' are taken"
                        + (c == '/' || c == '+' || c == '#' ? " (MQTT forbids '/', '+' and '#' in a share name)" : "");
            }
        }
        return null;
    }

    /**
     * Parses {@code pmr/v1/{agentId}/{suffix}} with a non-empty agent level and a known suffix; null for any other
     * shape (more or fewer levels, another prefix, an unknown suffix). Wildcards are not special here: {@code +}
     * parses as an agent id, which callers checking rights on filters rely on.
     */
    public static Parsed parse(String topic) {
        Suffix suffix = suffixOf(topic);
        return suffix == null ? null : new Parsed(topic.substring(PREFIX.length(), agentIdEnd(topic)), suffix);
    }

    /**
     * The suffix of a topic that {@link #parse} parses, or null when it does not; no string is made (the collector
     * parses every message's topic). The agent id is {@code topic.substring(PREFIX.length(), agentIdEnd(topic))}.
     */
    public static Suffix suffixOf(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || topic.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return Suffix.ofLevelAt(topic, slash + 1);
    }

    /** Where the agent id of a topic {@link #suffixOf} parses ends (the index of the slash after it). */
    public static int agentIdEnd(String topic) {
        return topic.indexOf('/', PREFIX.length());
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
