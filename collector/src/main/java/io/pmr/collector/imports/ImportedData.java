package io.pmr.collector.imports;

import java.util.List;

/**
 * Everything imported, as the store holds it now (the latest version of each natural key), and the earlier versions
 * of incidents that later imports replaced (how a re-opening shows). The measure engine filters it by period.
 * Immutable.
 *
 * @param replacedIncidents earlier versions of incidents, each with the import and line that had stored it, oldest
 *                          replacement first
 */
public record ImportedData(List<Incident> incidents, List<AvailabilityWindow> availability,
        List<SuppliedFigure> supplied, List<PowerOutageEvent> powerOutages, List<Exclusion> exclusions,
        List<Commentary> commentary, List<Incident> replacedIncidents) {
    public static final ImportedData EMPTY = new ImportedData(List.of(), List.of(), List.of(), List.of(), List.of());

    public ImportedData {
        incidents = List.copyOf(incidents);
        availability = List.copyOf(availability);
        supplied = List.copyOf(supplied);
        powerOutages = List.copyOf(powerOutages);
        exclusions = List.copyOf(exclusions);
        commentary = List.copyOf(commentary);
        replacedIncidents = List.copyOf(replacedIncidents);
    }

    /** Data without commentary or replaced incidents. */
    public ImportedData(List<Incident> incidents, List<AvailabilityWindow> availability, List<SuppliedFigure> supplied,
            List<PowerOutageEvent> powerOutages, List<Exclusion> exclusions) {
        this(incidents, availability, supplied, powerOutages, exclusions, List.of(), List.of());
    }
}
