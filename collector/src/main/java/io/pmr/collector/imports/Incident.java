package io.pmr.collector.imports;

import java.time.Instant;
import java.util.Objects;

/**
 * One incident from an incidents import ({@code incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason}).
 * Counted by its closed date; resolved within target when {@code resolvedAt - raisedAt <= target resolution time of
 * its category}.
 *
 * @param incidentId      the natural key: importing a row with the same id replaces the earlier row
 * @param category        1..5
 * @param raisedAt        when it was raised
 * @param resolvedAt      when it was resolved, or null while unresolved
 * @param closedAt        when it was closed, or null while open (an open incident is counted in no period)
 * @param exclusionReason why it is excluded from the measures, or null when it counts
 * @param provider        the service provider it was assigned to ({@code DCC} when the file does not say)
 * @param source          where the row came from
 */
public record Incident(String incidentId, int category, Instant raisedAt, Instant resolvedAt, Instant closedAt,
        String exclusionReason, String provider, ImportSource source) {
    public Incident {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        if (category < 1 || category > 5) {
            throw new IllegalArgumentException("category " + category + " is out of range 1..5");
        }
    }
}
