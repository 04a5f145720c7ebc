package io.pmr.collector.data;


/**
 * A payload received under a key the store already held with other content: kept apart, never added to a figure and
 * never acknowledged. One per distinct received payload of a key.
 *
 * @param storedSha256Hex   SHA-256 of the payload stored under the key (lower-case hex)
 * @param receivedSha256Hex SHA-256 of this other payload (lower-case hex)
 * @param receipts          how many times this payload came (an agent re-sends what is not acknowledged)
 */
public record EnvelopeConflict(EnvelopeKey key, String storedSha256Hex, String receivedSha256Hex,
        long firstReceivedEpochMillis, long lastReceivedEpochMillis, long receipts, int payloadSize) {
}
