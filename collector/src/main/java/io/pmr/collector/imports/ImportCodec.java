package io.pmr.collector.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * The canonical text of a row's values or key: every value double-quoted (quotes doubled), comma-separated, times as
 * UTC instants ({@code 2020-09-01T09:15:00Z}). Readable in the database and stable, so equality of text is equality
 * of data.
 */
public final class ImportCodec {
    private ImportCodec() {
    }

    static String encode(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return text.toString();
    }

    static List<String> decode(String text) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '"') {
                throw new IllegalArgumentException("not canonical import text: " + text);
            }
            StringBuilder value = new StringBuilder();
            i++;
            while (true) {
                char c = text.charAt(i++);
                if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                    value.append('"');
                    i++;
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            values.add(value.toString());
            i++; // the comma, or past the end
        }
        return values;
    }

    /** The records of stored rows, grouped by kind, in the order given. */
    public static ImportedData assemble(List<StoredImportRow> rows) {
        return assemble(rows, List.of());
    }

    /**
     * The records of stored rows, grouped by kind, in the order given, with the replaced versions of incidents
     * ({@code replaced}: rows of kind incidents from the history, each with the import and line that had stored it).
     */
    public static ImportedData assemble(List<StoredImportRow> rows, List<StoredImportRow> replaced) {
        List<Incident> replacedIncidents = new ArrayList<>();
        for (StoredImportRow row : replaced) {
            if (row.kind() == ImportKind.INCIDENTS) {
                replacedIncidents.add(new IncidentParser().decode(decode(row.values()),
                        new ImportSource(row.file(), row.lineNumber(), row.importId())));
            }
        }
        List<Incident> incidents = new ArrayList<>();
        List<AvailabilityWindow> availability = new ArrayList<>();
        List<SuppliedFigure> supplied = new ArrayList<>();
        List<PowerOutageEvent> outages = new ArrayList<>();
        List<Exclusion> exclusions = new ArrayList<>();
        List<Commentary> commentary = new ArrayList<>();
        for (StoredImportRow row : rows) {
            ImportSource source = new ImportSource(row.file(), row.lineNumber(), row.importId());
            List<String> values = decode(row.values());
            switch (row.kind()) {
                case INCIDENTS -> incidents.add(new IncidentParser().decode(values, source));
                case AVAILABILITY -> availability.add(new AvailabilityParser(null).decode(values, source));
                case RATIOS -> supplied.add(new RatioParser(null).decode(values, source));
                case POWER_OUTAGES -> outages.add(new PowerOutageParser(null).decode(values, source));
                case EXCLUSIONS -> exclusions.add(new ExclusionParser(null).decode(values, source));
                case COMMENTARY -> commentary.add(new CommentaryParser(null).decode(values, source));
                default -> throw new IllegalStateException("unreachable: " + row.kind());
            }
        }
        return new ImportedData(incidents, availability, supplied, outages, exclusions, commentary,
                replacedIncidents);
    }
}
