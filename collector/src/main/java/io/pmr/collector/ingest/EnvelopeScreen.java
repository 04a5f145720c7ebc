package io.pmr.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.pmr.proto.v1.Envelope;
import java.util.Locale;

/**
 * The cheap checks of one MQTT message that come before the duplicate check ({@link EnvelopeValidator#screen}): size,
 * topic shape, parse, agent id present and equal to the topic's, key in range, body kind matching the topic. The
 * topic's agent id is only ever compared with the payload's, never used before that. Never throws for bad input.
 * Thread-safe (immutable).
 */
final class EnvelopeScreen {
    /** Envelope nesting is 4 deep; anything deeper is hostile. */
    static final int RECURSION_LIMIT = 16;

    private final int maxMessageBytes;

    EnvelopeScreen(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * A {@link Verdict.Valid} here has a trustworthy key but its content is not validated yet. The envelope's bytes
     * fields are views of {@code payload}: not to be written afterwards.
     */
    Verdict screen(String topic, byte[] payload) {
        if (payload.length > maxMessageBytes) {
            return Verdict.invalid(RejectReason.OVERSIZED,
                    "payload of " + payload.length + " bytes exceeds maxMessageBytes " + maxMessageBytes, null);
        }
        Topics.Parsed parsed = Topics.parse(topic);
        if (parsed == null) {
            return Verdict.invalid(RejectReason.UNKNOWN_TOPIC,
                    "topic is not pmr/v1/{agentId}/status|intervals|events", null);
        }
        Envelope envelope;
        try {
            // newInstance(payload)'s decoder, told the payload never changes (nothing writes it once queued): the
            // histograms are views of it, not copies
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
            in.enableAliasing(true);
            in.setRecursionLimit(RECURSION_LIMIT);
            in.setSizeLimit(maxMessageBytes);
            envelope = Envelope.parseFrom(in);
            in.checkLastTagWas(0);
            if (!in.isAtEnd()) {
                return Verdict.invalid(RejectReason.UNPARSEABLE, "trailing bytes after the Envelope", null);
            }
        } catch (InvalidProtocolBufferException e) {
            return Verdict.invalid(RejectReason.UNPARSEABLE, "not an Envelope: " + e.getMessage(), null);
        } catch (java.io.IOException | RuntimeException e) {
            return Verdict.invalid(RejectReason.UNPARSEABLE, "not an Envelope: " + e, null);
        }
        if (envelope.getAgentId().isEmpty()) {
            return Verdict.invalid(RejectReason.MISSING_AGENT_ID, "envelope has no agent_id", null);
        }
        if (!parsed.namesAgent(envelope.getAgentId())) {
            return Verdict.invalid(RejectReason.AGENT_MISMATCH, "envelope agent_id '"
                    + Topics.printable(envelope.getAgentId()) + "' differs from the topic's", null);
        }
        String badKey = WireBounds.checkKey(envelope.getBootEpoch(), envelope.getSequence());
        if (badKey != null) {
            // No agent produces such a key, so no agent waits for its ack: quarantined without one, like a mismatch.
            return Verdict.invalid(RejectReason.KEY_OUT_OF_RANGE, badKey, null);
        }
        if (envelope.getBodyCase() != parsed.kind()) {
            return Verdict.invalid(RejectReason.KIND_MISMATCH, "body " + envelope.getBodyCase() + " on a "
                    + parsed.kind().name().toLowerCase(Locale.ROOT) + " topic", EnvelopeValidator.keyOf(envelope));
        }
        return new Verdict.Valid(envelope);
    }
}
