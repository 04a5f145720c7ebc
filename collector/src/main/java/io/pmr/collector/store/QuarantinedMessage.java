package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
/** A quarantined message as stored. {@code key} is null when the payload had no readable envelope key. */
public record QuarantinedMessage(long id, String topic, String reason, String detail, EnvelopeKey key,
        int payloadSize, byte[] payloadPrefix, long receivedEpochMillis) {
}
