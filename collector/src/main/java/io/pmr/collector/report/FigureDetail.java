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
     * PM12.2: each outage event of more than 50 hubs, the contract's per-event figure and the figure as historically
     * reported from the month's totals, {@code 100 x sum(A) / (((sum(N) - 50) x 0.25) + 50)}; the catalogue's
     * {@code method} chooses which of the two is the figure's level (the headline), the other is shown beside it.
     *
     * @param headline        {@code per_event} or {@code as_published}: which reading is the level
     * @param perEventLevel   the contract's intent, per event capped at its requirement; null without events
     * @param historicalLevel as the report prints it, from the month's totals; null without events
     */
    record PowerOutage(String headline, BigDecimal perEventLevel, BigDecimal historicalLevel, List<OutageEvent> events)
            implements FigureDetail {
        public PowerOutage {
            Objects.requireNonNull(headline, "headline");
            events = List.copyOf(events);
        }

        /** A per-event headline with these readings (tests, and callers from before the headline was a choice). */
        public PowerOutage(BigDecimal perEventLevel, BigDecimal historicalLevel, List<OutageEvent> events) {
            this("per_event", perEventLevel, historicalLevel, events);
        }
    }

    /**
     * A composite's two readings and its contributors. The catalogue's {@code method} chooses the level: the mean of
     * the contributors' levels as published ({@code mean_of_levels}, the report's rule) or the pooled events
     * ({@code pooled}); the other is shown beside it.
     *
     * @param method       {@code mean_of_levels} or {@code pooled}: which reading is the level
     * @param meanOfLevels mean of the levels of the contributors with one, each as published (2 decimals), half-up to
     *                     2 decimals; null when no contributor has a level
     * @param pooledLevel  100 x sum(numerators) / sum(denominators) over the contributors with a source; null when
     *                     they have no events
     * @param contributors every contributor of the catalogue, in catalogue order
     * @param notReported  ids of the contributors {@code not_reported} this period (left out), in catalogue order
     */
    record Composite(String method, BigDecimal meanOfLevels, BigDecimal pooledLevel, List<Contributor> contributors,
            List<String> notReported) implements FigureDetail {
        public Composite {
            Objects.requireNonNull(method, "method");
            contributors = List.copyOf(contributors);
            notReported = List.copyOf(notReported);
        }
    }

    /**
     * One contributor of a composite as the composite used it.
     *
     * @param level  its level as published, null without one
     * @param status its status code, e.g. {@code below_target} or {@code not_reported}
     * @param inMean true when its level is one of the mean's terms
     */
    record Contributor(String id, BigDecimal level, String status, boolean inMean) {
        public Contributor {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
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
