package io.pmr.collector.report;

import java.util.Locale;

/** Status of a measure's level against its target and minimum. */
public enum MeasureStatus {
    /** The (rounded) level is at or above the Target Service Level. */
    AT_OR_ABOVE_TARGET,
    /** Below target, at or above the minimum (or no minimum): service points accrue. */
    BELOW_TARGET,
    /** Below the Minimum Service Level: the report must give reasons and mitigations. */
    BELOW_MINIMUM,
    /** A source reported the period and no event happened (and none was excluded): the report's "No Events". */
    NO_EVENTS,
    /** Every event of the period was excluded: the report's "Data Exempted". */
    DATA_EXEMPTED,
    /**
     * No source reported the measure for the period (no agent declared or sent data for it, nothing imported for
     * it): the report's "Performance Measure Not Reported". Never counted as 0; left out of composite means. What
     * counts as a source, per kind: docs/methodology.md, "Statuses".
     */
    NOT_REPORTED;

    /** True for the statuses of a figure without a level: no events, data exempted, not reported. */
    public boolean withoutLevel() {
        return this == NO_EVENTS || this == DATA_EXEMPTED || this == NOT_REPORTED;
    }

    /** The report spelling, e.g. {@code at_or_above_target}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
