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
    /** The measure applied but no event happened (and none was excluded). */
    NO_EVENTS,
    /** Every event of the period was excluded. */
    DATA_EXEMPTED;

    /** The report spelling, e.g. {@code at_or_above_target}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
