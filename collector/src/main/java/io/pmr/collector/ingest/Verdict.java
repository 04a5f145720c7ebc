package io.pmr.collector.ingest;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;

/** The outcome of validating one message. */
sealed interface Verdict permits Verdict.Valid, Verdict.Invalid {

    record Valid(Envelope envelope) implements Verdict {
    }

    /**
     * @param ackKey the key to acknowledge to its agent (re-sending cannot fix the message), or null when no agent
     *               can be trusted to receive an ack (no readable key, no agent id, or a topic/payload mismatch)
     */
    record Invalid(RejectReason reason, String detail, EnvelopeKey ackKey) implements Verdict {
    }
}
