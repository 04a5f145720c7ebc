package io.pmr.collector.catalogue;

import java.util.Locale;

/**
 * Which clock an incident category's Target Resolution Time applies to ({@code clock} column of
 * {@code incident-categories.csv}).
 */
public enum IncidentClock {
    /**
     * Service impacted to service restored ({@code restored_at - impacted_at}), as the published report's "Resolved
     * within SLA" verdicts read; an incident without both impact times falls back to {@link #INCIDENT}, and the report
     * says so.
     */
    IMPACT("impact"),
    /** Raised to resolved ({@code resolved_at - raised_at}). */
    INCIDENT("incident");

    private final String code;

    IncidentClock(String code) {
        this.code = code;
    }

    /** The catalogue and report spelling: {@code impact} or {@code incident}. */
    public String code() {
        return code;
    }

    /**
     * The clock spelled {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static IncidentClock parse(String text) {
        for (IncidentClock clock : values()) {
            if (clock.code.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return clock;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a clock: expected impact or incident");
    }
}
