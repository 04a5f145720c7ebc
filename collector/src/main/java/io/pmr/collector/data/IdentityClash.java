package io.pmr.collector.data;

/**
 * Two agents live at once under one agent id, told apart by their boot epochs (see
 * {@code io.pmr.collector.ingest.IdentityWatch}); epochs as stored (uint64 in a long), {@code bootEpochA} the lower
 * unsigned.
 */
public record IdentityClash(String agentId, long bootEpochA, long bootEpochB, long firstSeenEpochMillis,
        long lastSeenEpochMillis) {
}
