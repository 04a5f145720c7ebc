package io.pmr.collector.measure;

import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.IncidentRegister;
import io.pmr.model.UkCalendar;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A month's aged open and re-opened incidents, from every imported incident (exclusions do not apply: these tables
 * show the workload, not a service level).
 *
 * <p>Aged open: raised before the month's end and not closed by then (closed_at blank or at or after the end),
 * counted by the UK month raised and category.
 *
 * <p>Re-opened: imports are keyed by incident_id and a later row replaces the stored one (the replaced row is kept
 * in history). An incident is re-opened when an earlier version had a closed_at and a later import gave a later or
 * blank one. It counts where it finally closes (its current closed_at, like every incident) and is listed in the
 * month it now closes in, and in each month an earlier closure fell in (so a reader of that month sees why its
 * incident moved).
 */
final class IncidentRegisterFigures {
    private static final ZoneId UK = UkCalendar.LONDON;

    private IncidentRegisterFigures() {
    }

    static IncidentRegister compute(YearMonth month, ImportedData imported) {
        MeasurePeriod period = MeasurePeriod.month(month);
        return new IncidentRegister(agedOpen(period, imported.incidents()), reopened(period, imported));
    }

    private static List<IncidentRegister.AgedOpen> agedOpen(MeasurePeriod period, List<Incident> incidents) {
        Map<YearMonth, Map<Integer, Long>> counts = new TreeMap<>();
        for (Incident incident : incidents) {
            long raised = incident.raisedAt().toEpochMilli();
            boolean openAtEnd = incident.closedAt() == null
                    || incident.closedAt().toEpochMilli() >= period.endEpochMillis();
            if (raised < period.endEpochMillis() && openAtEnd) {
                counts.computeIfAbsent(YearMonth.from(incident.raisedAt().atZone(UK)), m -> new TreeMap<>())
                        .merge(incident.category(), 1L, Long::sum);
            }
        }
        List<IncidentRegister.AgedOpen> rows = new ArrayList<>();
        counts.forEach((raisedIn, byCategory) -> byCategory.forEach((category, open) ->
                rows.add(new IncidentRegister.AgedOpen(raisedIn.toString(), category, open))));
        return rows;
    }

    private static List<IncidentRegister.Reopened> reopened(MeasurePeriod period, ImportedData imported) {
        Map<String, List<Incident>> earlier = new HashMap<>();
        for (Incident replaced : imported.replacedIncidents()) {
            earlier.computeIfAbsent(replaced.incidentId(), id -> new ArrayList<>()).add(replaced);
        }
        List<IncidentRegister.Reopened> rows = new ArrayList<>();
        for (Incident current : imported.incidents()) {
            List<Incident> versions = earlier.getOrDefault(current.incidentId(), List.of());
            List<Instant> closures = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (Incident version : versions) {
                Instant closed = version.closedAt();
                boolean reopenedSince = closed != null
                        && (current.closedAt() == null || current.closedAt().isAfter(closed));
                if (reopenedSince && !closures.contains(closed)) {
                    closures.add(closed);
                    sources.add(version.source().text());
                }
            }
            if (closures.isEmpty()) {
                continue;
            }
            boolean closesHere = current.closedAt() != null && period.contains(current.closedAt().toEpochMilli());
            boolean closedHereBefore = closures.stream().anyMatch(c -> period.contains(c.toEpochMilli()));
            if (closesHere || closedHereBefore) {
                String countedIn = current.closedAt() == null ? null
                        : YearMonth.from(current.closedAt().atZone(UK)).toString();
                rows.add(new IncidentRegister.Reopened(current.incidentId(), current.category(), closures, sources,
                        current.closedAt(), countedIn, current.source().text()));
            }
        }
        rows.sort(Comparator.comparing(IncidentRegister.Reopened::incidentId));
        return rows;
    }
}
