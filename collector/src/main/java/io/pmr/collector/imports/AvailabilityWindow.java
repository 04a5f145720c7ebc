package io.pmr.collector.imports;

import java.time.Instant;
import java.util.Objects;

/**
 * A window from an availability import ({@code measure,kind,start,end}): the service was down
 * ({@link Kind#OUTAGE}), or a notified maintenance window ({@link Kind#MAINTENANCE}) in which unavailability does
 * not count against the measure. Start inclusive, end exclusive.
 */
public record AvailabilityWindow(String measureId, Kind kind, Instant start, Instant end, ImportSource source) {
    /** Outage or notified maintenance. */
    public enum Kind { OUTAGE, MAINTENANCE }

    public AvailabilityWindow {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(source, "source");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end " + end + " is not after start " + start);
        }
    }
}
