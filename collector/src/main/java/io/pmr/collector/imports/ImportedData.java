package io.pmr.collector.imports;

import java.util.List;

/**
 * Everything imported, as the store holds it now (the latest version of each natural key). The measure engine
 * filters it by period. Immutable.
 */
public record ImportedData(List<Incident> incidents, List<AvailabilityWindow> availability,
        List<SuppliedFigure> supplied, List<PowerOutageEvent> powerOutages, List<Exclusion> exclusions) {
    public static final ImportedData EMPTY = new ImportedData(List.of(), List.of(), List.of(), List.of(), List.of());

    public ImportedData {
        incidents = List.copyOf(incidents);
        availability = List.copyOf(availability);
        supplied = List.copyOf(supplied);
        powerOutages = List.copyOf(powerOutages);
        exclusions = List.copyOf(exclusions);
    }
}
