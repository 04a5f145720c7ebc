package io.pmr.collector.report;

import java.math.BigDecimal;
import java.time.Instant;
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

    /**
     * An availability measure counted in hub-days (the SMWAN connectivity level, catalogue method {@code hubs}; pmr's
     * rule in docs/methodology.md): hub-days in scope and connected, after exclusions, and the exceptions in hubs.
     *
     * @param hubDays          hub-days in scope (checked, not excluded): the figure's denominator
     * @param connectedHubDays hub-days connected at the day's check: the numerator
     * @param hubs             distinct hubs with at least one hub-day in scope
     * @param exceptedHubs     each hub with in-scope days not connected, most days first, then by hub id
     */
    record HubLevel(long hubDays, long connectedHubDays, long hubs, List<ExceptedHub> exceptedHubs)
            implements FigureDetail {
        public HubLevel {
            exceptedHubs = List.copyOf(exceptedHubs);
        }
    }

    /**
     * A hub excepted from the SMWAN connectivity level: in scope but not connected on {@code daysNotConnected} UK days.
     *
     * @param hubId            the hub's device id as the agents report it
     * @param daysNotConnected in-scope days whose check was not answered successfully within the timeout
     * @param daysInScope      the hub's in-scope days in the period
     */
    public record ExceptedHub(String hubId, long daysNotConnected, long daysInScope) {
        public ExceptedHub {
            Objects.requireNonNull(hubId, "hubId");
        }
    }

    /**
     * Incidents per category, after exclusions (counted) and before (for information only), and every incident of
     * the period with both durations and the clock that decided it (sorted by category, then id).
     */
    record Incidents(List<IncidentCategory> counted, List<IncidentCategory> beforeExclusions,
            List<IncidentTiming> incidents) implements FigureDetail {
        public Incidents {
            counted = List.copyOf(counted);
            beforeExclusions = List.copyOf(beforeExclusions);
            incidents = List.copyOf(incidents);
        }

        /** The tables without the per-incident list. */
        public Incidents(List<IncidentCategory> counted, List<IncidentCategory> beforeExclusions) {
            this(counted, beforeExclusions, List.of());
        }
    }

    /**
     * One incident counted in a period (closed in it), as timed.
     *
     * @param impactSeconds   {@code restored - impacted}, null unless both impact times are known
     * @param incidentSeconds {@code resolved - raised}, null while unresolved
     * @param categoryClock   the clock the category's target applies to ({@code impact} or {@code incident})
     * @param clock           the clock that decided: the category's, or {@code incident} when the category is on the
     *                        impact clock but the incident has no impact times (a fallback)
     * @param targetSeconds   the category's target resolution time, null when it has none
     * @param within          resolved within target on {@code clock}
     * @param excludedReason  why it is excluded, or null when it counts
     * @param source          the imported row, {@code file:line}
     */
    record IncidentTiming(String incidentId, int category, Instant raisedAt, Instant resolvedAt, Instant closedAt,
            Instant impactedAt, Instant restoredAt, Long impactSeconds, Long incidentSeconds, String categoryClock,
            String clock, Long targetSeconds, boolean within, String excludedReason, String source) {
        public IncidentTiming {
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(clock, "clock");
        }

        /** True when the category is on the impact clock but the incident clock decided (no impact times). */
        public boolean clockFallback() {
            return !clock.equals(categoryClock);
        }
    }

    /** One row {@code category | total | within | failed | % within}; percent null when total is 0. */
    record IncidentCategory(int category, long total, long within, long failed, BigDecimal percentWithin) {
    }
}
