package io.pmr.collector.http;

import io.pmr.collector.imports.AvailabilityWindow;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.imports.PowerOutageEvent;
import io.pmr.collector.imports.SuppliedFigure;
import io.pmr.collector.data.ReportPeriod;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Set;
import java.util.TreeSet;

/**
 * The months imported rows touch: incidents by the month they were closed in (an open one counts in none), availability
 * windows by every month they overlap, supplied figures by their period (each month of a quarter), power outages by
 * their start. Exclusions alone make no period.
 */
final class ImportedPeriods {
    private ImportedPeriods() {
    }

    static Set<YearMonth> of(ImportedData data) {
        Set<YearMonth> months = new TreeSet<>();
        for (Incident incident : data.incidents()) {
            if (incident.closedAt() != null) {
                months.add(month(incident.closedAt()));
            }
        }
        for (AvailabilityWindow window : data.availability()) {
            YearMonth last = month(window.end().minusMillis(1));
            for (YearMonth m = month(window.start()); !m.isAfter(last); m = m.plusMonths(1)) {
                months.add(m);
            }
        }
        for (SuppliedFigure figure : data.supplied()) {
            String period = figure.period();
            if (period.contains("-Q")) {
                int year = Integer.parseInt(period.substring(0, 4));
                int quarter = Integer.parseInt(period.substring(period.indexOf('Q') + 1));
                for (int i = 0; i < 3; i++) {
                    months.add(YearMonth.of(year, (quarter - 1) * 3 + 1 + i));
                }
            } else {
                months.add(YearMonth.parse(period));
            }
        }
        for (PowerOutageEvent event : data.powerOutages()) {
            months.add(month(event.startedAt()));
        }
        return months;
    }

    private static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atZone(ReportPeriod.LONDON));
    }
}
