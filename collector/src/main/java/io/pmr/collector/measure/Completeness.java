package io.pmr.collector.measure;

import io.pmr.collector.report.MissingRange;
import io.pmr.collector.store.PeriodData;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether agents have reported a measure's whole period: every agent that declared the measure must have a
 * watermark at or after the period's end. A measure with data but no declaring agent is never final: no source
 * promised the period is complete. Each agent behind lists {@code [max(watermark, periodStart), periodEnd)}.
 */
final class Completeness {
    private Completeness() {
    }

    /** Marks the draft's agents, finality of its agent source and missing ranges. */
    static void apply(FigureDraft draft, PeriodData data) {
        apply(draft, data, draft.measure.id());
    }

    /**
     * As {@link #apply(FigureDraft, PeriodData)}, judged by the agents of another measure whose data the draft counts
     * ({@code measureId}: PM12.1 counts small outages from the records agents send under PM12.2).
     */
    static void apply(FigureDraft draft, PeriodData data, String measureId) {
        MeasurePeriod period = draft.period;
        Set<String> declared = new TreeSet<>(data.declaredBy().getOrDefault(measureId, Set.of()));
        Map<String, Long> watermarks = data.watermarks().getOrDefault(measureId, Map.of());
        draft.agents.addAll(declared);
        if (declared.isEmpty()) {
            draft.sourcesFinal = false;
            draft.notes.add("no agent declared this measure: provisional until one does and reports the period");
            return;
        }
        for (String agent : declared) {
            long watermark = watermarks.getOrDefault(agent, Long.MIN_VALUE);
            if (watermark < period.endEpochMillis()) {
                draft.sourcesFinal = false;
                draft.missing.add(new MissingRange(agent, measureId, period.label(),
                        Math.max(watermark, period.startEpochMillis()), period.endEpochMillis()));
            }
        }
    }
}
