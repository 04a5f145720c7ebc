package io.pmr.collector.measure;

import io.pmr.collector.data.AgentDownWindow;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.imports.AvailabilityWindow;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.data.MeasureCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code availability} measures: seconds available over seconds in the period, exact. Outage windows of the measure
 * are unioned (an overlap counts once) and clipped to the period; the part of them inside a notified maintenance
 * window of the same measure is excused, an overrun past the window counts against it. Windows are widened to
 * whole seconds against the provider (an outage's start floored, end ceiled; a maintenance window's start ceiled,
 * end floored). With no window touching the period, a supplied figure (available / total) stands in; with neither,
 * the figure has no source ({@code no_events}): nobody said whether the service was up.
 *
 * <p>Agents' probes ({@code CSPx/PM6.2}) are a source too: their down windows are outage windows (source
 * {@code agents}), unioned with the imported ones, so a window two agents saw, or one also imported, counts once.
 * Agents are the measure's source for a period when a window of theirs touches it, or when they sent probe counts
 * (interval reports of the measure) for part of it: they probed then and saw no outage; finality
 * then comes from the declaring agents' watermarks, as for any agent measure. Imported maintenance windows excuse
 * agents' outage seconds exactly as imported ones.
 */
final class AvailabilityFigures {
    private AvailabilityFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        long fromSeconds = Math.floorDiv(period.startEpochMillis(), 1000);
        long toSeconds = Math.floorDiv(period.endEpochMillis(), 1000);
        List<Spans.Span> outages = new ArrayList<>();
        List<Spans.Span> maintenance = new ArrayList<>();
        for (AvailabilityWindow window : inputs.imported.availability()) {
            if (!window.measureId().equals(measure.id())) {
                continue;
            }
            long startMillis = window.start().toEpochMilli();
            long endMillis = window.end().toEpochMilli();
            if (endMillis <= period.startEpochMillis() || startMillis >= period.endEpochMillis()) {
                continue;
            }
            draft.files.add(window.source().text());
            if (window.kind() == AvailabilityWindow.Kind.OUTAGE) {
                outages.add(new Spans.Span(Math.floorDiv(startMillis, 1000), -Math.floorDiv(-endMillis, 1000)));
            } else {
                maintenance.add(new Spans.Span(-Math.floorDiv(-startMillis, 1000), Math.floorDiv(endMillis, 1000)));
            }
        }
        boolean agents = agentsReported(measure, period, inputs);
        if (agents) {
            draft.agentsSource = true;
            Completeness.apply(draft, inputs);
            for (AgentDownWindow window : inputs.data.downWindows(measure.id(), period.startEpochMillis(),
                    period.endEpochMillis())) {
                outages.add(new Spans.Span(Math.floorDiv(window.startEpochMillis(), 1000),
                        -Math.floorDiv(-window.endEpochMillis(), 1000)));
            }
        }
        if (draft.files.isEmpty() && !agents) {
            SuppliedFigures.standIn(draft, inputs, measure.id(), period);
            return draft;
        }
        draft.suppliedSource = !draft.files.isEmpty();
        List<Spans.Span> down = Spans.clip(Spans.union(outages), fromSeconds, toSeconds);
        List<Spans.Span> excused = Spans.intersect(down, Spans.union(maintenance));
        long periodSeconds = toSeconds - fromSeconds;
        long outageSeconds = Spans.total(down);
        long excusedSeconds = Spans.total(excused);
        long countedSeconds = outageSeconds - excusedSeconds;
        draft.numerator = periodSeconds - countedSeconds;
        draft.denominator = periodSeconds;
        draft.before(periodSeconds - outageSeconds, periodSeconds, Levels.level(periodSeconds - outageSeconds,
                periodSeconds));
        if (excusedSeconds > 0) {
            draft.exclude("planned maintenance (seconds)", excusedSeconds);
        }
        draft.detail = new FigureDetail.Availability(periodSeconds, outageSeconds, excusedSeconds, countedSeconds);
        return draft;
    }

    /** Whether agents' probes are a source of the measure's period (see the class comment). */
    private static boolean agentsReported(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        if (!inputs.data.downWindows(measure.id(), period.startEpochMillis(), period.endEpochMillis()).isEmpty()) {
            return true;
        }
        MeasureCounts probes = inputs.periodData(period).counts().get(measure.id());
        return probes != null && probes.events() != 0;
    }
}
