package io.pmr.collector.imports;

import java.time.Instant;
import java.util.Objects;

/**
 * One power outage event from a power-outages import ({@code measure,event_id,started_at,hubs,alerts_within_trt}):
 * {@code hubs} Communications Hubs lost power (N, one power-loss alert each) and {@code alertsWithinTrt} of the
 * alerts were delivered within TRT (A). Events of more than 50 hubs belong to a {@code power_outage} measure (PM12.2),
 * others to a {@code within_trt} one (PM12.1). Attributed to the period containing {@code startedAt}.
 */
public record PowerOutageEvent(String measureId, String eventId, Instant startedAt, long hubs, long alertsWithinTrt,
        ImportSource source) {
    public PowerOutageEvent {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(source, "source");
        if (hubs < 1 || alertsWithinTrt < 0 || alertsWithinTrt > hubs) {
            throw new IllegalArgumentException("need 1 <= hubs and 0 <= alerts_within_trt <= hubs, got hubs " + hubs
                    + ", alerts_within_trt " + alertsWithinTrt);
        }
    }
}
