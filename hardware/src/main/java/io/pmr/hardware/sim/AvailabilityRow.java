package io.pmr.hardware.sim;

import io.pmr.hardware.Region;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * The truth of a probed availability measure ({@code CSPx/PM6.2}, {@code DSP/PM2.1}...) in one month, in whole seconds as the
 * collector counts them: down windows (the probe rule applied to the rig's own probe outcomes) unioned and clipped to
 * the period, the part inside scheduled maintenance excused.
 *
 * @param measureId          e.g. {@code CSPN/PM6.2}
 * @param region             the region whose port probed the interface
 * @param period             the month (Europe/London)
 * @param downWindows        every down window touching the period, unclipped, in start order
 * @param maintenanceWindows every scheduled maintenance window touching the period, unclipped, in start order
 * @param periodSeconds      seconds in the period
 * @param outageSeconds      seconds down in the period (union of the down windows, clipped)
 * @param excusedSeconds     of those, seconds inside a maintenance window
 * @param availableSeconds   {@code periodSeconds - (outageSeconds - excusedSeconds)}: the figure's numerator
 * @param level              {@code 100 x availableSeconds / periodSeconds}, HALF_UP to 2 decimals
 */
public record AvailabilityRow(String measureId, Region region, YearMonth period, List<TimeWindow> downWindows,
                              List<TimeWindow> maintenanceWindows, long periodSeconds, long outageSeconds,
                              long excusedSeconds, long availableSeconds, BigDecimal level) {
    public AvailabilityRow {
        downWindows = List.copyOf(downWindows);
        maintenanceWindows = List.copyOf(maintenanceWindows);
    }
}
