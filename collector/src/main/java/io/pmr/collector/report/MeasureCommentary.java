package io.pmr.collector.report;

import java.util.Objects;

/**
 * Imported reasons and mitigation for a figure below target or minimum, as the report shows them beside it.
 *
 * @param measureId     the figure's measure
 * @param period        the figure's period ({@code yyyy-MM} or {@code yyyy-Qn})
 * @param status        the status the commentary was written for ({@code below_target} or {@code below_minimum})
 * @param reason        why
 * @param mitigation    what is done about it, or null
 * @param source        the imported row, {@code file:line}
 * @param matchesStatus false when the computed figure has another status (the commentary is still shown, flagged)
 */
public record MeasureCommentary(String measureId, String period, String status, String reason, String mitigation,
        String source, boolean matchesStatus) {
    public MeasureCommentary {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
    }
}
