package io.pmr.collector.store;

import io.pmr.proto.v1.Envelope;
import java.util.Objects;

/** One item of a {@link Store#write} batch. */
public sealed interface StoreWrite permits StoreWrite.Accept, StoreWrite.Duplicate, StoreWrite.Quarantine {

    /**
     * A validated envelope: stored with its data unless its key was stored before (then a duplicate, no data
     * added).
     */
    record Accept(Envelope envelope, long receivedEpochMillis) implements StoreWrite {
        public Accept {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * A message the caller believes a duplicate (its key was reported by {@link Store#storedKeys} or is accepted
     * earlier in the same batch) and therefore did not validate in depth. The store confirms it inside the
     * transaction: {@link WriteOutcome#DUPLICATE} when the key is stored by then, else {@link WriteOutcome#ABSENT};
     * either way nothing is added, so an unvalidated message can never be stored.
     */
    record Duplicate(EnvelopeKey key) implements StoreWrite {
        public Duplicate {
            Objects.requireNonNull(key, "key");
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
