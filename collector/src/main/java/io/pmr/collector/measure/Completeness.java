package io.pmr.collector.measure;

import io.pmr.collector.report.MissingRange;
import io.pmr.collector.data.PeriodData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether agents have reported a measure's whole period. Two conditions, both needed for a final figure:
 * <ol>
 *   <li>every <b>expected source</b> ({@link ExpectedSources}) has a watermark at or after the period's end; each one
 *       behind lists {@code [max(watermark, periodStart), periodEnd)} as {@value MissingRange#NOT_REPORTED};</li>
 *   <li>the sources <b>cover the whole period</b>: the union over the agents that ever declared the measure of
 *       {@code [first declaration, watermark)} leaves no gap in the period before the furthest watermark; a gap (the
 *       days before the first agent was born, e.g. a run that started on the month's last day) is listed with agent
 *       {@value MissingRange#NO_SOURCE}, and never becomes final by itself: only data that covers it, or a restated
 *       period, can close it.</li>
 * </ol>
 * A measure with data but no expected source is never final: no source promised the period is complete.
 */
final class Completeness {
    private Completeness() {
    }

    /** Marks the draft's agents, finality of its agent source, reasons and missing ranges. */
    static void apply(FigureDraft draft, Inputs inputs) {
        apply(draft, inputs, draft.measure.id());
    }

    /**
     * As {@link #apply(FigureDraft, Inputs)}, judged by the agents of another measure whose data the draft counts
     * ({@code measureId}: PM12.1 counts small outages from the records agents send under PM12.2).
     */
    static void apply(FigureDraft draft, Inputs inputs, String measureId) {
        MeasurePeriod period = draft.period;
        PeriodData data = inputs.periodData(period);
        Map<String, String> expected = inputs.sources().expected(measureId, period);
        Map<String, Long> watermarks = data.watermarks().getOrDefault(measureId, Map.of());
        draft.agents.addAll(expected.keySet());
        if (expected.isEmpty()) {
            draft.sourcesFinal = false;
            String why = "no agent is an expected source of " + measureId
                    + ": provisional until one declares it (or is named with pmr collector agents expect) and reports"
                    + " the period";
            draft.notes.add(why);
            draft.whyProvisional.add(why);
            return;
        }
        for (Map.Entry<String, String> source : expected.entrySet()) {
            String agent = source.getKey();
            long watermark = watermarks.getOrDefault(agent, Long.MIN_VALUE);
            if (watermark < period.endEpochMillis()) {
                long from = Math.max(watermark, period.startEpochMillis());
                draft.sourcesFinal = false;
                draft.missing.add(new MissingRange(agent, measureId, period.label(), from, period.endEpochMillis()));
                draft.whyProvisional.add(agent + " (expected: " + source.getValue() + ") has not reported " + measureId
                        + " from " + Instant.ofEpochMilli(from) + " to " + Instant.ofEpochMilli(period.endEpochMillis()));
            }
        }
        for (long[] gap : gaps(inputs.sources().declaringAgents(measureId), watermarks, period)) {
            draft.sourcesFinal = false;
            String reason = "no source covered it: the earliest declaration of " + measureId + " by an agent still "
                    + "reporting was later";
            draft.missing.add(new MissingRange(MissingRange.NO_SOURCE, measureId, period.label(), gap[0], gap[1],
                    reason));
            draft.whyProvisional.add("no source covered " + measureId + " from " + Instant.ofEpochMilli(gap[0])
                    + " to " + Instant.ofEpochMilli(gap[1]) + " (data on fewer than all the period's days)");
        }
    }

    /**
     * The parts of the period before the furthest watermark that no agent covered, {@code [from, to)}: agent
     * {@code a} covers {@code [first declaration of a, watermark of a)}.
     */
    static List<long[]> gaps(Map<String, Long> firstDeclared, Map<String, Long> watermarks, MeasurePeriod period) {
        List<long[]> covered = new ArrayList<>();
        for (Map.Entry<String, Long> agent : firstDeclared.entrySet()) {
            long from = Math.max(agent.getValue(), period.startEpochMillis());
            long to = Math.min(watermarks.getOrDefault(agent.getKey(), Long.MIN_VALUE), period.endEpochMillis());
            if (from < to) {
                covered.add(new long[] {from, to});
            }
        }
        covered.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> gaps = new ArrayList<>();
        long cursor = period.startEpochMillis();
        for (long[] span : covered) {
            if (span[0] > cursor) {
                gaps.add(new long[] {cursor, span[0]});
            }
            cursor = Math.max(cursor, span[1]);
        }
        // past the furthest watermark nothing is covered yet: the expected sources' own ranges say so
        return gaps;
    }
}
