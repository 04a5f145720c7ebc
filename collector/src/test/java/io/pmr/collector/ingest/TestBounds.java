package io.pmr.collector.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Wire bounds for the ingest tests, whose data lies in 2020: the collector's clock fixed at 2021-01-01. */
final class TestBounds {
    static final Instant NOW = Instant.parse("2021-01-01T00:00:00Z");

    private TestBounds() {
    }

    static WireBounds in2021() {
        return new WireBounds(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(1));
    }
}
