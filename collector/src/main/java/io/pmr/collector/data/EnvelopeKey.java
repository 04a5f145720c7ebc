package io.pmr.collector.data;

import java.util.Objects;

/**
 * The idempotence key of an agent message: (agent id, boot epoch, sequence). Boot epoch and sequence are protobuf
 * {@code uint64}s carried in Java longs (same bits; compare with {@link Long#compareUnsigned}).
 */
public record EnvelopeKey(String agentId, long bootEpoch, long sequence) {
    public EnvelopeKey {
        Objects.requireNonNull(agentId, "agentId");
    }

    @Override
    public String toString() {
        return agentId + "/" + Long.toUnsignedString(bootEpoch) + "/" + Long.toUnsignedString(sequence);
    }
}
