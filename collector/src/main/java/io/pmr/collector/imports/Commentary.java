package io.pmr.collector.imports;

import java.util.Objects;

/**
 * One row of a commentary import: why a measure was below target or minimum in a period, and what is done about it.
 * Shown beside the figure in the report when the period matches the figure's.
 *
 * @param measureId  a catalogue measure
 * @param period     {@code yyyy-MM}, or {@code yyyy-Qn} for a quarterly measure (the figure's period)
 * @param status     the status the commentary explains: {@code below_target} or {@code below_minimum}
 * @param reason     why (not blank)
 * @param mitigation what is done about it, or null when not given
 * @param source     where the row came from
 */
public record Commentary(String measureId, String period, String status, String reason, String mitigation,
        ImportSource source) {
    /** The statuses a commentary may explain, as the report spells them. */
    public static final String BELOW_TARGET = "below_target";
    public static final String BELOW_MINIMUM = "below_minimum";

    public Commentary {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        if (!BELOW_TARGET.equals(status) && !BELOW_MINIMUM.equals(status)) {
            throw new IllegalArgumentException("status " + status + " is neither below_target nor below_minimum");
        }
    }
}
