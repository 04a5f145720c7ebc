package io.pmr.collector.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The report's incident tables that belong to no one measure: aged open incidents and re-opened incidents. Computed
 * from every imported incident, whatever its exclusion (a workload view, not a service level). Immutable.
 *
 * @param agedOpen incidents raised before the period's end and not closed by then, by UK month raised and category
 *                 (sorted by month, then category)
 * @param reopened incidents closed and later re-opened (an import with a later or blank closed_at) that concern the
 *                 period: now closed in it, or closed in it before being re-opened (sorted by id)
 */
public record IncidentRegister(List<AgedOpen> agedOpen, List<Reopened> reopened) {
    public static final IncidentRegister EMPTY = new IncidentRegister(List.of(), List.of());

    public IncidentRegister {
        agedOpen = List.copyOf(agedOpen);
        reopened = List.copyOf(reopened);
    }

    /** Open incidents raised in {@code monthRaised} ({@code yyyy-MM}, UK time) of a category. */
    public record AgedOpen(String monthRaised, int category, long open) {
        public AgedOpen {
            Objects.requireNonNull(monthRaised, "monthRaised");
        }
    }

    /**
     * A re-opened incident.
     *
     * @param earlierClosedAt closures a later import replaced with a later or blank closed_at, oldest first
     * @param earlierSources  the imported rows ({@code file:line}) that had those closures
     * @param closedAt        its closure now, null while open
     * @param countedIn       the month it counts in now ({@code yyyy-MM}, its closed date), null while open
     * @param source          the imported row now in force, {@code file:line}
     */
    public record Reopened(String incidentId, int category, List<Instant> earlierClosedAt, List<String> earlierSources,
            Instant closedAt, String countedIn, String source) {
        public Reopened {
            Objects.requireNonNull(incidentId, "incidentId");
            earlierClosedAt = List.copyOf(earlierClosedAt);
            earlierSources = List.copyOf(earlierSources);
        }
    }
}
