package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.imports.Exclusion;
import io.pmr.collector.imports.PowerOutageEvent;
import io.pmr.collector.store.MeasureCounts;
import io.pmr.collector.store.PeriodData;
import java.util.List;
import java.util.Map;

/**
 * {@code within_trt} measures. Counted from per-device records when the measure has any in the period, else from
 * agents' interval sums; with no agent data at all, a supplied figure for the period stands in. Imported power
 * outage events naming the measure (PM12.1) add their hubs to the denominator and their alerts within TRT to the
 * numerator. Exclusions: agent-side exclusions arrive already counted per reason (their events are in neither
 * figure); imported window and device exclusions are subtracted, and the figure keeps the counts before them.
 */
final class WithinTrtFigures {
    static final String AGENT_EXCLUDED = "excluded by agent";

    private WithinTrtFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        PeriodData data = inputs.periodData(period);
        String id = measure.id();
        Exclusions exclusions = Exclusions.of(id, inputs.imported);
        List<DeviceRecord> records = inputs.data.deviceRecords(id, period.startEpochMillis(), period.endEpochMillis());
        Map<String, Long> agentExcluded = data.exclusions().get(id);
        boolean agentData = data.declaredBy().containsKey(id) || data.counts().containsKey(id)
                || agentExcluded != null || !records.isEmpty();
        long numeratorBefore = 0;
        long denominatorBefore = 0;
        if (agentData) {
            draft.agentsSource = true;
            Completeness.apply(draft, data);
            if (agentExcluded != null) {
                agentExcluded.forEach(draft::exclude);
            }
            if (!records.isEmpty()) {
                long[] before = fromRecords(draft, records, exclusions);
                numeratorBefore = before[0];
                denominatorBefore = before[1];
            } else {
                MeasureCounts counts = data.counts().getOrDefault(id, MeasureCounts.ZERO);
                Exclusions.Removed removed = exclusions.intervals(inputs.data, id, period);
                MeasureCounts counted = Exclusions.minus(counts, removed.counts());
                removed.byReason().forEach(draft::exclude);
                draft.files.addAll(removed.files());
                numeratorBefore = counts.withinTrt();
                denominatorBefore = counts.events();
                draft.numerator = counted.withinTrt();
                draft.denominator = counted.events();
            }
        } else {
            SuppliedFigures.Supplied supplied = SuppliedFigures.find(inputs.imported, id, period);
            if (supplied != null && supplied.denominator() != null) {
                draft.suppliedSource = true;
                draft.files.addAll(supplied.files());
                draft.sourcesFinal = supplied.complete();
                draft.numerator = supplied.numerator();
                draft.denominator = supplied.denominator();
                numeratorBefore = supplied.numerator();
                denominatorBefore = supplied.denominator();
            }
        }
        for (PowerOutageEvent event : inputs.imported.powerOutages()) {
            if (event.measureId().equals(id) && period.contains(event.startedAt().toEpochMilli())) {
                draft.suppliedSource = true;
                draft.files.add(event.source().text());
                draft.numerator = Math.addExact(draft.numerator, event.alertsWithinTrt());
                draft.denominator = Math.addExact(draft.denominator, event.hubs());
                numeratorBefore = Math.addExact(numeratorBefore, event.alertsWithinTrt());
                denominatorBefore = Math.addExact(denominatorBefore, event.hubs());
                if (event.hubs() > PowerOutageFigures.SMALL_OUTAGE_HUBS) {
                    draft.notes.add("outage event " + event.eventId() + " has " + event.hubs()
                            + " hubs (more than 50) but names this measure; counted here as imported");
                }
            }
        }
        draft.before(numeratorBefore, denominatorBefore, Levels.level(numeratorBefore, denominatorBefore));
        return draft;
    }

    /** Counts the records into the draft; returns {within, events} before imported exclusions. */
    private static long[] fromRecords(FigureDraft draft, List<DeviceRecord> records, Exclusions exclusions) {
        long within = 0;
        long events = 0;
        for (DeviceRecord record : records) {
            draft.agents.add(record.agentId());
            if ("EXCLUDED".equals(record.outcome())) {
                draft.exclude(AGENT_EXCLUDED, 1);
                continue;
            }
            events++;
            within += record.withinTrt() ? 1 : 0;
            Exclusion exclusion = exclusions.forRecord(record);
            if (exclusion != null) {
                draft.exclude(exclusion.reason(), 1);
                draft.files.add(exclusion.source().text());
                continue;
            }
            draft.denominator++;
            draft.numerator += record.withinTrt() ? 1 : 0;
        }
        return new long[] {within, events};
    }
}
