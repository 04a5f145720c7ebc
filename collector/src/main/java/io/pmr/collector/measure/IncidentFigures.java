package io.pmr.collector.measure;

import io.pmr.collector.catalogue.IncidentClock;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.imports.Exclusion;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.FigureDetail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code incidents} measures: incidents closed in the period (raised any time before), of a category in the
 * measure's scope, assigned to the measure's provider (any provider when the measure's provider is {@code DCC}).
 *
 * <p>Within target when the duration on the category's clock is at most the category's target resolution time. On
 * the {@code impact} clock (the published report's reading: its "Resolved within SLA" follows service impacted to
 * restored) the duration is {@code restoredAt - impactedAt}; an incident without both impact times falls back to the
 * incident clock, {@code resolvedAt - raisedAt}, and the figure says so per incident and, for the incidents it
 * counts, in a note. On the
 * {@code incident} clock an unresolved incident is never within. Incidents with an exclusion reason, or named by id
 * by an exclusion of the measure, are excluded per reason. Every incident of the period is listed with both
 * durations and the clock that decided.
 *
 * <p>Source: the imported incident log covers a period when any imported incident (of any category or provider) was
 * open during it (raised before its end, and not closed before its start). Then a measure with no incident of its own
 * closed in the period is {@code no_events}; with no incident log for the period at all it is {@code not_reported}.
 */
final class IncidentFigures {
    private IncidentFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        Exclusions exclusions = Exclusions.of(measure.id(), inputs.imported);
        Map<Integer, long[]> counted = new TreeMap<>();
        Map<Integer, long[]> before = new TreeMap<>();
        for (int category : measure.scope().incidentCategories()) {
            counted.put(category, new long[2]);
            before.put(category, new long[2]);
        }
        List<FigureDetail.IncidentTiming> timings = new ArrayList<>();
        TreeSet<Integer> fellBack = new TreeSet<>();
        for (Incident incident : inputs.imported.incidents()) {
            if (incident.closedAt() == null || !period.contains(incident.closedAt().toEpochMilli())
                    || !measure.scope().countsCategory(incident.category())
                    || !("DCC".equals(measure.provider()) || measure.provider().equals(incident.provider()))) {
                continue;
            }
            draft.suppliedSource = true;
            draft.files.add(incident.source().text());
            Exclusion exclusion = exclusions.forId(incident.incidentId());
            String reason = incident.exclusionReason() != null ? incident.exclusionReason()
                    : exclusion != null ? exclusion.reason() : null;
            FigureDetail.IncidentTiming timing = timing(incident, inputs, draft, reason);
            timings.add(timing);
            if (timing.clockFallback() && reason == null) {
                fellBack.add(incident.category());
            }
            add(before, incident.category(), timing.within());
            if (reason != null) {
                draft.exclude(reason, 1);
                if (exclusion != null && incident.exclusionReason() == null) {
                    draft.files.add(exclusion.source().text());
                }
                continue;
            }
            add(counted, incident.category(), timing.within());
        }
        for (int category : fellBack) {
            long count = timings.stream().filter(t -> t.category() == category && t.clockFallback()
                    && t.excludedReason() == null).count();
            draft.notes.add(count + " incident(s) of category " + category + " timed raised to resolved (incident"
                    + " clock): no impacted_at and restored_at given, and category " + category
                    + " is on the impact clock");
        }
        timings.sort(Comparator.comparingInt(FigureDetail.IncidentTiming::category)
                .thenComparing(FigureDetail.IncidentTiming::incidentId));
        if (!draft.suppliedSource && logCovers(inputs, period)) {
            draft.suppliedSource = true;
            draft.notes.add("the incident log covers the period; no incident of this measure was closed in it");
        }
        long[] countedTotal = total(counted);
        long[] beforeTotal = total(before);
        draft.numerator = countedTotal[1];
        draft.denominator = countedTotal[0];
        draft.before(beforeTotal[1], beforeTotal[0], Levels.level(beforeTotal[1], beforeTotal[0]));
        draft.detail = new FigureDetail.Incidents(rows(counted), rows(before), timings);
        return draft;
    }

    /** Whether any imported incident was open during the period: the log is the period's source. */
    private static boolean logCovers(Inputs inputs, MeasurePeriod period) {
        for (Incident incident : inputs.imported.incidents()) {
            boolean raisedBeforeEnd = incident.raisedAt().toEpochMilli() < period.endEpochMillis();
            boolean openAtStart = incident.closedAt() == null
                    || incident.closedAt().toEpochMilli() >= period.startEpochMillis();
            if (raisedBeforeEnd && openAtStart) {
                return true;
            }
        }
        return false;
    }

    private static FigureDetail.IncidentTiming timing(Incident incident, Inputs inputs, FigureDraft draft,
            String excludedReason) {
        IncidentClock categoryClock = inputs.incidentClock.apply(incident.category());
        Duration impact = incident.impactDuration();
        Duration elapsed = incident.incidentDuration();
        boolean onImpact = categoryClock == IncidentClock.IMPACT && impact != null;
        IncidentClock clock = onImpact ? IncidentClock.IMPACT : IncidentClock.INCIDENT;
        Duration decided = onImpact ? impact : elapsed;
        Duration target = inputs.incidentTargetResolution.apply(incident.category());
        if (target == null) {
            String note = "no target resolution time for category " + incident.category()
                    + ": its incidents count as not within target";
            if (!draft.notes.contains(note)) {
                draft.notes.add(note);
            }
        }
        boolean within = target != null && decided != null && decided.compareTo(target) <= 0;
        return new FigureDetail.IncidentTiming(incident.incidentId(), incident.category(), incident.raisedAt(),
                incident.resolvedAt(), incident.closedAt(), incident.impactedAt(), incident.restoredAt(),
                seconds(impact), seconds(elapsed), categoryClock.code(), clock.code(), seconds(target), within,
                excludedReason, incident.source().text());
    }

    private static Long seconds(Duration duration) {
        return duration == null ? null : duration.toSeconds();
    }

    private static void add(Map<Integer, long[]> table, int category, boolean within) {
        long[] row = table.computeIfAbsent(category, c -> new long[2]);
        row[0]++;
        row[1] += within ? 1 : 0;
    }

    private static long[] total(Map<Integer, long[]> table) {
        long[] total = new long[2];
        for (long[] row : table.values()) {
            total[0] += row[0];
            total[1] += row[1];
        }
        return total;
    }

    private static List<FigureDetail.IncidentCategory> rows(Map<Integer, long[]> table) {
        List<FigureDetail.IncidentCategory> rows = new ArrayList<>();
        for (Map.Entry<Integer, long[]> entry : table.entrySet()) {
            long total = entry.getValue()[0];
            long within = entry.getValue()[1];
            rows.add(new FigureDetail.IncidentCategory(entry.getKey(), total, within, total - within,
                    Levels.level(within, total)));
        }
        return rows;
    }
}
