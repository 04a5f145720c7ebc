package io.pmr.collector.ingest;

import io.pmr.proto.v1.Envelope;

/** The topic names of the wire contract (docs/architecture.md). */
final class Topics {
    static final String PREFIX = "pmr/v1/";
    static final String[] SUBSCRIPTIONS = {"pmr/v1/+/status", "pmr/v1/+/intervals", "pmr/v1/+/events"};

    /** A topic split into the agent id it names (untrusted until compared with the payload) and its body kind. */
    record Parsed(String agentId, Envelope.BodyCase kind) {
    }

    private Topics() {
    }

    /** Parses {@code pmr/v1/{agentId}/status|intervals|events}; null for any other shape. */
    static Parsed parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || topic.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String agentId = topic.substring(PREFIX.length(), slash);
        Envelope.BodyCase kind = switch (topic.substring(slash + 1)) {
            case "status" -> Envelope.BodyCase.STATUS;
            case "intervals" -> Envelope.BodyCase.INTERVALS;
            case "events" -> Envelope.BodyCase.EVENTS;
            default -> null;
        };
        return kind == null ? null : new Parsed(agentId, kind);
    }

    static String ack(String agentId) {
        return PREFIX + agentId + "/ack";
    }

    /** A bounded, single-line rendering of untrusted text for logs. */
    static String printable(String text) {
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
