package io.pmr.collector.data;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A measure's agent interval sums of one UK-local day (Europe/London): events counted and events within TRT. Taken
 * from interval reports (every kind the agents measure, per-device measures included: there they count attempts or
 * alerts, not hubs), before imported exclusions; for the daily-level plot, not a figure of the report.
 */
public record DailyCount(LocalDate day, long events, long withinTrt) {
    public DailyCount {
        Objects.requireNonNull(day, "day");
        if (events < 0 || withinTrt < 0 || withinTrt > events) {
            throw new IllegalArgumentException("withinTrt must be in [0, events], was " + withinTrt + " of " + events
                    + " on " + day);
        }
    }
}
