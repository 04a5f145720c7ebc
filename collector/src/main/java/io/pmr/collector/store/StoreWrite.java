package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;
import java.util.Objects;

/** One item of a {@link Store#write} batch. */
public sealed interface StoreWrite permits StoreWrite.Accept, StoreWrite.Duplicate, StoreWrite.Quarantine {

    /**
     * A validated envelope: stored with its data and the SHA-256 of {@code payload} unless its key was stored before;
     * then a duplicate when the stored payload's hash is the same (no data added), else a conflict (kept apart, see
     * {@link WriteOutcome#CONFLICT}).
     *
     * @param payload  the bytes as received (hashed, and kept in the conflicts table on a conflict)
     * @param prepared the payload's hash and decoded histograms computed beforehand from exactly this envelope and
     *                 payload ({@link PreparedEnvelope#of}), or null: the store computes them itself
     */
    record Accept(Envelope envelope, long receivedEpochMillis, byte[] payload, PreparedEnvelope prepared)
            implements StoreWrite {
        public Accept {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(payload, "payload");
        }

        /** A received envelope the store prepares itself. */
        public Accept(Envelope envelope, long receivedEpochMillis, byte[] payload) {
            this(envelope, receivedEpochMillis, payload, null);
        }

        /** An envelope built in code (tests, tools): its payload is its own encoding. */
        public Accept(Envelope envelope, long receivedEpochMillis) {
            this(envelope, receivedEpochMillis, envelope.toByteArray(), null);
        }
    }

    /**
     * A message the caller believes a duplicate (its key was reported by {@link Store#storedKeys} or is accepted
     * earlier in the same batch) and therefore did not validate in depth. The store confirms it inside the
     * transaction: {@link WriteOutcome#DUPLICATE} when the key is stored by then with the same payload hash,
     * {@link WriteOutcome#CONFLICT} when it is stored with another (the payload is kept apart, never added), else
     * {@link WriteOutcome#ABSENT}; in no case is data added, so an unvalidated message can never be stored.
     *
     * @param payload the bytes as received
     */
    record Duplicate(EnvelopeKey key, byte[] payload, long receivedEpochMillis) implements StoreWrite {
        public Duplicate {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * An invalid message, kept for inspection: the topic it came on, why it was rejected, and the first bytes of
     * its payload.
     *
     * @param key the envelope key when the payload was readable enough to have one, else null
     */
    record Quarantine(String topic, String reason, String detail, byte[] payloadPrefix, int payloadSize,
            EnvelopeKey key, long receivedEpochMillis) implements StoreWrite {
        public Quarantine {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(payloadPrefix, "payloadPrefix");
        }
    }
}
