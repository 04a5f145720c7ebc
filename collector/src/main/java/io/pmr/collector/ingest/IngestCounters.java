package io.pmr.collector.ingest;

import java.util.Map;

/**
 * A snapshot of the ingest counters since start. {@code received == stored + duplicates + rejected + conflicts} once every
 * received message has been handled (messages whose batch failed to commit are received again on redelivery).
 *
 * @param received         messages taken from the broker (redeliveries included)
 * @param stored           new envelopes committed
 * @param duplicates       envelopes whose key was already stored (no data added)
 * @param rejected         messages quarantined
 * @param rejectedByReason rejected messages per {@link RejectReason#code()}, sorted by code
 * @param acksPublished    {@code Ack} messages published to agents
 * @param conflicts        messages under a stored key with another payload (kept apart, not acknowledged; every
 *                         receipt counts, re-sends included)
 * @param identityClashes  times two live agents under one agent id were detected ({@link IdentityWatch})
 * @param storeFailures    store calls that failed and were retried (a full disk, a locked or unwritable file)
 * @param storeFailing     whether the latest store call failed: ingest is holding its messages unacknowledged
 */
public record IngestCounters(long received, long stored, long duplicates, long rejected,
        Map<String, Long> rejectedByReason, long acksPublished, long conflicts, long identityClashes,
        long storeFailures, boolean storeFailing) {
    public IngestCounters {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** Rejections for one reason (0 when none). */
    public long rejected(RejectReason reason) {
        return rejectedByReason.getOrDefault(reason.code(), 0L);
    }
}
