package io.pmr.collector.data;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One agent's data completeness on one UK-local day (Europe/London; a clock-change day has 1,380 or 1,500 minutes).
 *
 * @param dayMinutes        minutes of the day
 * @param declaredMeasures  measures the agent declared (any time): it owes their minutes
 * @param declaredMinutes   {@code dayMinutes x declaredMeasures}: the one-minute intervals it could report
 * @param reportedIntervals distinct (measure, one-minute interval) it reported that day; agents skip intervals with no
 *                          event, so fewer than {@code declaredMinutes} is normal on a quiet day
 * @param finalMinutes      minutes of the day every one of its declared measures is final through (its lowest
 *                          watermark): what the report can rely on
 */
public record AgentDay(String agentId, LocalDate day, int dayMinutes, int declaredMeasures, long declaredMinutes,
        long reportedIntervals, long finalMinutes) {
    public AgentDay {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(day, "day");
    }
}
