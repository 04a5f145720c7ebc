package io.pmr.collector.imports;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One incident from an incidents import
 * ({@code incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason[,provider[,impacted_at,restored_at]]}).
 * Counted by its closed date; within target when the duration on its category's clock (impact: {@code restoredAt -
 * impactedAt}; incident: {@code resolvedAt - raisedAt}) is at most the target resolution time of its category.
 *
 * @param incidentId      the natural key: importing a row with the same id replaces the earlier row
 * @param category        1..5
 * @param raisedAt        when it was raised
 * @param resolvedAt      when it was resolved, or null while unresolved
 * @param closedAt        when it was closed, or null while open (an open incident is counted in no period)
 * @param exclusionReason why it is excluded from the measures, or null when it counts
 * @param provider        the service provider it was assigned to ({@code DCC} when the file does not say)
 * @param source          where the row came from
 * @param impactedAt      when the service was impacted, or null when not given
 * @param restoredAt      when the service was restored, or null when not given (never before {@code impactedAt})
 */
public record Incident(String incidentId, int category, Instant raisedAt, Instant resolvedAt, Instant closedAt,
        String exclusionReason, String provider, ImportSource source, Instant impactedAt, Instant restoredAt) {
    public Incident {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        if (category < 1 || category > 5) {
            throw new IllegalArgumentException("category " + category + " is out of range 1..5");
        }
        if (impactedAt != null && restoredAt != null && restoredAt.isBefore(impactedAt)) {
            throw new IllegalArgumentException("restored " + restoredAt + " before impacted " + impactedAt);
        }
    }

    /** An incident without impact times. */
    public Incident(String incidentId, int category, Instant raisedAt, Instant resolvedAt, Instant closedAt,
            String exclusionReason, String provider, ImportSource source) {
        this(incidentId, category, raisedAt, resolvedAt, closedAt, exclusionReason, provider, source, null, null);
    }

    /** {@code resolvedAt - raisedAt}, or null while unresolved. */
    public Duration incidentDuration() {
        return resolvedAt == null ? null : Duration.between(raisedAt, resolvedAt);
    }

    /** {@code restoredAt - impactedAt}, or null unless both are known. */
    public Duration impactDuration() {
        return impactedAt == null || restoredAt == null ? null : Duration.between(impactedAt, restoredAt);
    }
}
