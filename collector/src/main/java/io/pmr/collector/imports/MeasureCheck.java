package io.pmr.collector.imports;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import java.util.Set;

/** Checks that a row's measure is in the catalogue and of a kind the import may feed. */
final class MeasureCheck {
    private final Catalogue catalogue;

    MeasureCheck(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The measure of the {@code measure} column, or null (and a problem) when unknown or of another kind. */
    MeasureDefinition measure(RowFields row, Set<MeasureKind> kinds, String expected) {
        String id = row.required("measure");
        if (id == null) {
            return null;
        }
        MeasureDefinition measure = catalogue.measure(id).orElse(null);
        if (measure == null) {
            row.problem("measure", "unknown measure '" + id + "' (not in the catalogue " + catalogue.source() + ")");
            return null;
        }
        if (!kinds.contains(measure.kind())) {
            row.problem("measure", "'" + id + "' is a " + measure.kind().code() + " measure; " + expected);
            return null;
        }
        return measure;
    }
}
