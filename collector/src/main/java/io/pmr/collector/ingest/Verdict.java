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

    /**
     * {@code new Invalid(reason, detail, ackKey)} in a call of 3 bytes of bytecode where the constructor takes 7: the
     * checks' hot methods ({@link EnvelopeScreen#screen}, {@link FieldChecks#checkMeasure}) stay under the JIT's
     * inlining limit for hot methods (FreqInlineSize, 325 bytes), so inlined, the values they take or return (a
     * {@link Place}, a {@link Valid}) are not allocated.
     */
    static Invalid invalid(RejectReason reason, String detail, EnvelopeKey ackKey) {
        return new Invalid(reason, detail, ackKey);
    }
}
