package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.report.FigureDetail;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code availability} measures of method {@code hubs}: the SMWAN connectivity level in hub-days, by pmr's rule
 * (docs/methodology.md, "SMWAN connectivity level (our rule)"; {@code io.pmr.model.SmwanLevelRule}). Agents send one
 * record per hub per UK day, started at the day's check (12:00 UK): {@code EXCLUDED} when the hub is on the exclusion
 * list that day, {@code WITHIN_TRT} when it answered the check successfully within the timeout (connected), any other
 * outcome not connected. A record counts in the period of its start; imported device exclusions of the measure remove
 * the hub's days, imported window exclusions the days whose check lies in the window. The figure lists the hubs
 * excepted (in scope, not connected) with how many days. With no agent data a supplied figure stands in.
 */
final class SmwanLevelFigures {
    /** The exclusion reason of hub-days the agents report as excluded (the hub on the exclusion list that day). */
    static final String HUB_EXCLUDED = "hub on the exclusion list that day (agent)";

    private SmwanLevelFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        String id = measure.id();
        List<DeviceRecord> records = inputs.deviceRecordGroups(id, period);
        boolean agentData = !inputs.sources().expected(id, period).isEmpty()
                || inputs.periodData(period).counts().containsKey(id) || !records.isEmpty();
        if (!agentData) {
            SuppliedFigures.standIn(draft, inputs, id, period);
            return draft;
        }
        draft.agentsSource = true;
        Completeness.apply(draft, inputs);
        RecordTally tally = new RecordTally(draft, Exclusions.of(id, inputs.imported), HUB_EXCLUDED);
        Map<String, long[]> perHub = new TreeMap<>(); // hub -> {days in scope, days not connected}
        for (DeviceRecord record : records) {
            if (period.contains(record.startEpochMillis()) && tally.record(record)) {
                long[] hub = perHub.computeIfAbsent(record.deviceId(), h -> new long[2]);
                hub[0]++;
                hub[1] += record.withinTrt() ? 0 : 1;
            }
        }
        List<FigureDetail.ExceptedHub> excepted = new ArrayList<>();
        perHub.forEach((hub, days) -> {
            if (days[1] > 0) {
                excepted.add(new FigureDetail.ExceptedHub(hub, days[1], days[0]));
            }
        });
        excepted.sort(Comparator.comparingLong(FigureDetail.ExceptedHub::daysNotConnected).reversed()
                .thenComparing(FigureDetail.ExceptedHub::hubId));
        draft.before(tally.withinBefore(), tally.countedBefore(),
                Levels.level(tally.withinBefore(), tally.countedBefore()));
        draft.detail = new FigureDetail.HubLevel(draft.denominator, draft.numerator, perHub.size(), excepted);
        if (!excepted.isEmpty()) {
            draft.notes.add(excepted.size() + " hubs excepted (in scope, not connected on at least one day)");
        }
        return draft;
    }
}
