package io.pmr.collector.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Kind-specific detail of a figure, for the report's tables. Immutable. */
public sealed interface FigureDetail {

    /** No detail beyond the counts. */
    record None() implements FigureDetail {
        public static final None INSTANCE = new None();
    }

    /**
     * PM12.2: each outage event of more than 50 hubs, the contract's per-event figure (the level) and the figure as
     * historically reported from the month's totals, {@code 100 x sum(A) / (((sum(N) - 50) x 0.25) + 50)}.
     */
    record PowerOutage(BigDecimal historicalLevel, List<OutageEvent> events) implements FigureDetail {
        public PowerOutage {
            events = List.copyOf(events);
        }
    }

    /**
     * One outage event: {@code required = ((hubs - 50) x 0.25) + 50}, {@code figure = min(100, 100 x A / required)}
     * (2 decimals, half-up).
     *
     * @param source the file and line, or {@code agents}
     */
    record OutageEvent(String eventId, long hubs, long alertsWithinTrt, BigDecimal required, BigDecimal figure,
            String source) {
        public OutageEvent {
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /**
     * Availability in seconds of the period: outage (unioned, clipped to the period), the part of it inside a
     * maintenance window of the measure (excused), and the rest (counted against the measure).
     */
    record Availability(long periodSeconds, long outageSeconds, long maintenanceExcusedSeconds,
            long countedSeconds) implements FigureDetail {
        /** Seconds available: period minus counted outage. */
        public long availableSeconds() {
            return periodSeconds - countedSeconds;
        }
    }

    /** Incidents per category, after exclusions (counted) and before (for information only). */
    record Incidents(List<IncidentCategory> counted, List<IncidentCategory> beforeExclusions)
            implements FigureDetail {
        public Incidents {
            counted = List.copyOf(counted);
            beforeExclusions = List.copyOf(beforeExclusions);
        }
    }

    /** One row {@code category | total | within | failed | % within}; percent null when total is 0. */
    record IncidentCategory(int category, long total, long within, long failed, BigDecimal percentWithin) {
    }
}
