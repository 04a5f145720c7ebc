package io.pmr.collector.report;

import java.util.Objects;

/**
 * A range of a period an agent that declared a measure has not reported yet: {@code [fromEpochMillis, toEpochMillis)}
 * with {@code from = max(watermark, periodStart)} and {@code to = periodEnd} (UTC epoch millis).
 *
 * @param period the period label of the measure ({@code 2020-09} or {@code 2020-Q3})
 */
public record MissingRange(String agentId, String measureId, String period, long fromEpochMillis,
        long toEpochMillis) {
    public MissingRange {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
    }
}
