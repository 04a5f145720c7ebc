package io.pmr.collector.imports;

import java.time.Instant;
import java.util.List;

/** incidents: {@code incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason[,provider]}. */
final class IncidentParser implements KindParser<Incident> {
    static final String DEFAULT_PROVIDER = "DCC";

    @Override
    public ImportKind kind() {
        return ImportKind.INCIDENTS;
    }

    @Override
    public String keyColumn() {
        return "incident_id";
    }

    @Override
    public Incident parse(RowFields row, ImportSource source) {
        String id = row.required("incident_id");
        int category = category(row);
        Instant raised = row.time("raised_at");
        Instant resolved = row.optionalTime("resolved_at");
        Instant closed = row.optionalTime("closed_at");
        if (raised != null && resolved != null && resolved.isBefore(raised)) {
            row.problem("resolved_at", "resolved " + resolved + " before raised " + raised);
        }
        if (raised != null && closed != null && closed.isBefore(raised)) {
            row.problem("closed_at", "closed " + closed + " before raised " + raised);
        }
        String reason = row.optional("exclusion_reason");
        String provider = row.optional("provider");
        if (row.bad()) {
            return null;
        }
        return new Incident(id, category, raised, resolved, closed, reason,
                provider == null ? DEFAULT_PROVIDER : provider, source);
    }

    private static int category(RowFields row) {
        String text = row.required("category");
        if (text == null) {
            return 0;
        }
        if (!text.matches("[1-5]")) {
            row.problem("category", "'" + text + "' is not a category 1..5");
            return 0;
        }
        return Integer.parseInt(text);
    }

    @Override
    public List<String> key(Incident incident) {
        return List.of(incident.incidentId());
    }

    @Override
    public List<String> values(Incident i) {
        return List.of(i.incidentId(), Integer.toString(i.category()), i.raisedAt().toString(), text(i.resolvedAt()),
                text(i.closedAt()), i.exclusionReason() == null ? "" : i.exclusionReason(), i.provider());
    }

    @Override
    public Incident decode(List<String> v, ImportSource source) {
        return new Incident(v.get(0), Integer.parseInt(v.get(1)), Instant.parse(v.get(2)), instant(v.get(3)),
                instant(v.get(4)), v.get(5).isEmpty() ? null : v.get(5), v.get(6), source);
    }

    static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static Instant instant(String text) {
        return text.isEmpty() ? null : Instant.parse(text);
    }
}
