package io.pmr.collector.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code measures.csv}: one {@link MeasureDefinition} per data line, then the checks across its lines (unique
 * ids; {@code contributes_to} names an existing composite; no cycle of composites). A header line
 * ({@code id,provider,...}) is optional, since the shipped file has always carried its header as a comment.
 */
final class MeasuresFile {
    private MeasuresFile() {
    }

    static List<MeasureDefinition> parse(CatalogueFile file) {
        List<MeasureDefinition> measures = new ArrayList<>();
        Map<String, MeasureDefinition> byId = new LinkedHashMap<>();
        boolean first = true;
        for (CsvTable.Line line : CsvTable.lines(file)) {
            List<String> fields = CsvTable.split(file, line);
            if (first && CatalogueRow.isHeader(fields)) {
                first = false;
                continue;
            }
            first = false;
            MeasureDefinition measure;
            try {
                measure = CatalogueRow.parse(fields, line.number());
            } catch (FieldProblem e) {
                throw file.problem(line.number(), e);
            }
            MeasureDefinition previous = byId.putIfAbsent(measure.id(), measure);
            if (previous != null) {
                throw file.problem(line.number(), "id", "duplicate '" + measure.id() + "' (first on line "
                        + previous.lineNumber() + ")");
            }
            measures.add(measure);
        }
        if (measures.isEmpty()) {
            // A truncated or emptied file would otherwise load as a catalogue that quarantines every message.
            throw file.problem(1, "file", "holds no measures");
        }
        checkContributions(file, measures, byId);
        return measures;
    }

    private static void checkContributions(CatalogueFile file, List<MeasureDefinition> measures,
            Map<String, MeasureDefinition> byId) {
        for (MeasureDefinition measure : measures) {
            String target = measure.contributesTo();
            if (target == null) {
                continue;
            }
            MeasureDefinition composite = byId.get(target);
            if (composite == null) {
                throw file.problem(measure.lineNumber(), "contributes_to", "'" + target
                        + "' is not the id of a measure in this catalogue");
            }
            if (composite.kind() != MeasureKind.COMPOSITE) {
                throw file.problem(measure.lineNumber(), "contributes_to", "'" + target + "' is a "
                        + composite.kind().code() + " measure, not a composite");
            }
        }
        // Each measure names at most one composite, so following contributes_to from any measure either ends or
        // comes back to a measure already on the path: that is a cycle, and a composite would pool itself.
        for (MeasureDefinition start : measures) {
            List<String> path = new ArrayList<>();
            MeasureDefinition current = start;
            while (current != null) {
                int seenAt = path.indexOf(current.id());
                if (seenAt >= 0) {
                    List<String> cycle = new ArrayList<>(path.subList(seenAt, path.size()));
                    cycle.add(current.id());
                    MeasureDefinition reported = byId.get(cycle.get(0));
                    throw file.problem(reported.lineNumber(), "contributes_to", "cycle "
                            + String.join(" -> ", cycle));
                }
                path.add(current.id());
                current = current.contributesTo() == null ? null : byId.get(current.contributesTo());
            }
        }
    }
}
