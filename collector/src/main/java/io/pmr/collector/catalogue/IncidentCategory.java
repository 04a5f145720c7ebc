package io.pmr.collector.catalogue;

import java.time.Duration;
import java.util.Objects;

/**
 * One row of {@code incident-categories.csv}: the Target Resolution Time of an incident category.
 *
 * @param category              1 (most severe) .. 5
 * @param targetResolutionText  as written in the file, e.g. {@code 4h}
 * @param targetResolution      the Target Resolution Time, positive
 * @param description           free text (may be empty)
 * @param lineNumber            1-based line of the file the row came from
 * @param clock                 which duration the target applies to ({@code impact} when the file has no
 *                              {@code clock} column)
 */
public record IncidentCategory(int category, String targetResolutionText, Duration targetResolution,
        String description, int lineNumber, IncidentClock clock) {

    /** A category on the default clock, {@link IncidentClock#IMPACT}. */
    public IncidentCategory(int category, String targetResolutionText, Duration targetResolution, String description,
            int lineNumber) {
        this(category, targetResolutionText, targetResolution, description, lineNumber, IncidentClock.IMPACT);
    }

    public IncidentCategory {
        if (category < IncidentCategoriesFile.FIRST || category > IncidentCategoriesFile.LAST) {
            throw new IllegalArgumentException("category " + category + " is out of range 1..5");
        }
        Objects.requireNonNull(targetResolutionText, "targetResolutionText");
        Objects.requireNonNull(targetResolution, "targetResolution");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(clock, "clock");
    }
}
