package io.pmr.collector.ingest;

import io.pmr.proto.v1.Envelope;

/**
 * The ingest's view of the wire contract's topics, whose names {@link io.pmr.model.Topics} writes: the agent topics
 * it subscribes to, parsed into the Envelope body each must carry, and the topics it answers on.
 */
final class Topics {
    static final String[] SUBSCRIPTIONS = io.pmr.model.Topics.collectorSubscriptions();

    /**
     * A topic split into the agent id it names (untrusted until compared with the payload) and its body kind. The id
     * stays in the topic: {@link #namesAgent} compares it in place (once per message), {@link #agentId} copies it out
     * (for a log line).
     */
    record Parsed(String topic, Envelope.BodyCase kind) {
        /** The agent id the topic names. */
        String agentId() {
            return topic.substring(io.pmr.model.Topics.PREFIX.length(), io.pmr.model.Topics.agentIdEnd(topic));
        }

        /** Whether the topic names exactly {@code agentId}, as {@code agentId().equals(agentId)}, without a copy. */
        boolean namesAgent(String agentId) {
            int start = io.pmr.model.Topics.PREFIX.length();
            return io.pmr.model.Topics.agentIdEnd(topic) - start == agentId.length()
                    && topic.startsWith(agentId, start);
        }
    }

    private Topics() {
    }

    /** Parses {@code pmr/v1/{agentId}/status|intervals|events}; null for any other shape. */
    static Parsed parse(String topic) {
        io.pmr.model.Topics.Suffix suffix = io.pmr.model.Topics.suffixOf(topic);
        if (suffix == null) {
            return null;
        }
        Envelope.BodyCase kind = switch (suffix) {
            case STATUS -> Envelope.BodyCase.STATUS;
            case INTERVALS -> Envelope.BodyCase.INTERVALS;
            case EVENTS -> Envelope.BodyCase.EVENTS;
            case ACK, CONFIG -> null;
        };
        return kind == null ? null : new Parsed(topic, kind);
    }

    static String ack(String agentId) {
        return io.pmr.model.Topics.ack(agentId);
    }

    static String config(String agentId) {
        return io.pmr.model.Topics.config(agentId);
    }

    /** A bounded, single-line rendering of untrusted text for logs ({@link io.pmr.model.Topics#printable}). */
    static String printable(String text) {
        return io.pmr.model.Topics.printable(text);
    }
}
