package io.pmr.collector.ingest;

import io.pmr.proto.v1.Envelope;

/**
 * The ingest's view of the wire contract's topics, whose names {@link io.pmr.model.Topics} writes: the agent topics
 * it subscribes to, parsed into the Envelope body each must carry, and the topics it answers on.
 */
final class Topics {
    static final String[] SUBSCRIPTIONS = io.pmr.model.Topics.collectorSubscriptions();

    /** A topic split into the agent id it names (untrusted until compared with the payload) and its body kind. */
    record Parsed(String agentId, Envelope.BodyCase kind) {
    }

    private Topics() {
    }

    /** Parses {@code pmr/v1/{agentId}/status|intervals|events}; null for any other shape. */
    static Parsed parse(String topic) {
        io.pmr.model.Topics.Parsed parsed = io.pmr.model.Topics.parse(topic);
        if (parsed == null) {
            return null;
        }
        Envelope.BodyCase kind = switch (parsed.suffix()) {
            case STATUS -> Envelope.BodyCase.STATUS;
            case INTERVALS -> Envelope.BodyCase.INTERVALS;
            case EVENTS -> Envelope.BodyCase.EVENTS;
            case ACK, CONFIG -> null;
        };
        return kind == null ? null : new Parsed(parsed.agentId(), kind);
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
