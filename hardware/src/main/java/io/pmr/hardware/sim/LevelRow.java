package io.pmr.hardware.sim;

import java.time.YearMonth;
import java.util.Objects;

/**
 * The SMWAN connectivity level of one measure in one period, by pmr's rule ({@link io.pmr.model.SmwanLevelRule}):
 * hub-days.
 *
 * @param measureId        {@code CSPN/PM1.4}, {@code CSPC/PM1.3} or {@code CSPS/PM1.3}
 * @param period           the month (Europe/London) of the checks
 * @param connectedHubDays hub-days in scope whose check was answered successfully within the timeout
 * @param hubDays          hub-days in scope (installed before the day's check, not excluded that day)
 * @param excludedHubDays  hub-days checked but excluded (an exclusion overlapping the UK day)
 * @param exceptedHubs     hubs with at least one hub-day in scope not connected: the report's exceptions
 */
public record LevelRow(String measureId, YearMonth period, long connectedHubDays, long hubDays, long excludedHubDays,
                       long exceptedHubs) {
    public LevelRow {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(period, "period");
        if (connectedHubDays < 0 || connectedHubDays > hubDays || excludedHubDays < 0 || exceptedHubs < 0) {
            throw new IllegalArgumentException("bad level counts for " + measureId + " " + period);
        }
    }
}
