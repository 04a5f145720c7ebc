package io.pmr.collector.report;

import java.util.Objects;

/**
 * A range of a measure's period that is missing for finality, {@code [fromEpochMillis, toEpochMillis)} (UTC epoch
 * millis): an expected source has not reported it yet ({@code from = max(watermark, periodStart)}, {@code to =
 * periodEnd}), or no source covered it at all ({@code agentId} {@value #NO_SOURCE}: before the earliest declaration of
 * the measure, e.g. a run that started on the month's last day).
 *
 * @param period the period label of the measure ({@code 2020-09} or {@code 2020-Q3})
 * @param reason why the range is missing, one sentence
 */
public record MissingRange(String agentId, String measureId, String period, long fromEpochMillis,
        long toEpochMillis, String reason) {
    /** The agent id of a range no source covered. */
    public static final String NO_SOURCE = "*";
    /** The reason of a range an expected source has not reported yet. */
    public static final String NOT_REPORTED = "not reported yet";

    /** A range an expected source has not reported yet. */
    public MissingRange(String agentId, String measureId, String period, long fromEpochMillis, long toEpochMillis) {
        this(agentId, measureId, period, fromEpochMillis, toEpochMillis, NOT_REPORTED);
    }

    public MissingRange {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(reason, "reason");
    }
}
