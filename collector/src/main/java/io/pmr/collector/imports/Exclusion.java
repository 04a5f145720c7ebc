package io.pmr.collector.imports;

import java.time.Instant;
import java.util.Objects;

/**
 * One exclusion (an entry of the Performance Measurement Exclusion List) from an exclusions import
 * ({@code measure,scope,device_or_window,reason}): either a device (a hub id; for incidents measures an incident id)
 * or a time window {@code [windowStart, windowEnd)}, removed from a measure with a reason. Excluding never deletes
 * data: the report keeps the figure before exclusions.
 *
 * @param scope    the hub variant or other scope it applies to, or {@code *} for every scope
 * @param deviceId the device excluded, or null for a window
 */
public record Exclusion(String measureId, String scope, String deviceId, Instant windowStart, Instant windowEnd,
        String reason, ImportSource source) {
    public Exclusion {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        if ((deviceId == null) == (windowStart == null)) {
            throw new IllegalArgumentException("an exclusion names either a device or a window, not both or neither");
        }
        if ((windowStart == null) != (windowEnd == null)) {
            throw new IllegalArgumentException("a window needs both start and end");
        }
        if (windowStart != null && !windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("window end " + windowEnd + " is not after start " + windowStart);
        }
    }

    /** True for a time-window exclusion. */
    public boolean isWindow() {
        return windowStart != null;
    }

    /** True when this exclusion covers an event of this scope starting at this instant (window exclusions). */
    public boolean coversWindow(String eventScope, long startEpochMillis) {
        return isWindow() && ("*".equals(scope) || scope.equals(eventScope))
                && startEpochMillis >= windowStart.toEpochMilli() && startEpochMillis < windowEnd.toEpochMilli();
    }
}
