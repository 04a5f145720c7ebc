package io.pmr.collector.measure;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.catalogue.MeasureMethod;
import io.pmr.collector.imports.Exclusion;
import java.util.List;

/**
 * Imported exclusions that a figure's kind has no way to apply, named in the figure's notes rather than dropped
 * silently (an exclusion list entry that changes nothing must be visible to whoever reads the figure). The figure
 * itself is unchanged. Those a kind cannot apply: every exclusion of an {@code availability} figure counted in
 * seconds (planned maintenance is excused by maintenance windows), of a {@code ratio} or {@code count} (supplied as
 * counted) and of a {@code composite} (it takes its contributors' exclusions); the time windows of an
 * {@code incidents} figure (excluded by incident id). Device exclusions of an interval-counted {@code within_trt}
 * figure are named by {@link WithinTrtFigures}. A window is named in the periods it overlaps; a device in every period.
 */
final class UnappliedExclusions {
    private UnappliedExclusions() {
    }

    static void note(FigureDraft draft, Inputs inputs) {
        MeasureDefinition measure = draft.measure;
        String why = switch (measure.kind()) {
            case AVAILABILITY -> measure.method() == MeasureMethod.HUBS ? null
                    : "an availability figure excuses only maintenance windows (the availability import, kind"
                    + " maintenance)";
            case RATIO, COUNT -> "a supplied figure counts as imported";
            case COMPOSITE -> "a composite takes its contributors' exclusions: exclude from the contributing measures";
            case INCIDENTS -> "incidents are excluded by incident id or exclusion_reason, not by a time window";
            case WITHIN_TRT, POWER_OUTAGE -> null;
        };
        if (why == null) {
            return;
        }
        List<String> files = inputs.imported.exclusions().stream()
                .filter(e -> e.measureId().equals(measure.id()))
                .filter(e -> measure.kind() != MeasureKind.INCIDENTS || e.isWindow())
                .filter(e -> !e.isWindow() || overlaps(e, draft.period))
                .map(e -> e.source().text()).toList();
        if (!files.isEmpty()) {
            draft.notes.add(files.size() + " exclusion(s) not applied (" + String.join(", ", files) + "): " + why);
        }
    }

    private static boolean overlaps(Exclusion window, MeasurePeriod period) {
        return window.windowStart().toEpochMilli() < period.endEpochMillis()
                && window.windowEnd().toEpochMilli() > period.startEpochMillis();
    }
}
