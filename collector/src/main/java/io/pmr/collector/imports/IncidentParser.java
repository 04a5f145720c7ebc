package io.pmr.collector.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * incidents: {@code incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason[,provider[,impacted_at,
 * restored_at]]}. The optional columns come in that order: a file has 6, 7 or 9 columns, and a row may leave off
 * the optional columns its file has (they are then blank).
 *
 * <p>Canonical values: 7 values when neither impact time is given, 9 otherwise, so a row stored before the impact
 * columns existed compares equal to the same row imported again (no spurious correction).
 */
final class IncidentParser implements KindParser<Incident> {
    static final String DEFAULT_PROVIDER = "DCC";
    static final String PROVIDER = "provider";
    static final List<String> IMPACT_COLUMNS = List.of("impacted_at", "restored_at");
    private static final int WITHOUT_IMPACT = 7;

    @Override
    public ImportKind kind() {
        return ImportKind.INCIDENTS;
    }

    @Override
    public String keyColumn() {
        return "incident_id";
    }

    /** The headers an incidents file may have: 6, 7 or 9 columns. */
    static List<List<String>> headers() {
        List<String> withProvider = new ArrayList<>(ImportKind.INCIDENTS.columns());
        withProvider.add(PROVIDER);
        List<String> withImpact = new ArrayList<>(withProvider);
        withImpact.addAll(IMPACT_COLUMNS);
        return List.of(ImportKind.INCIDENTS.columns(), List.copyOf(withProvider), List.copyOf(withImpact));
    }

    /** How the optional columns read in a header message. */
    static String optionalText() {
        return "[,provider[,impacted_at,restored_at]]";
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
        String provider = row.optional(PROVIDER);
        Instant impacted = row.optionalTime("impacted_at");
        Instant restored = row.optionalTime("restored_at");
        if (impacted != null && restored != null && restored.isBefore(impacted)) {
            row.problem("restored_at", "restored " + restored + " before impacted " + impacted);
        }
        if (row.bad()) {
            return null;
        }
        return new Incident(id, category, raised, resolved, closed, reason,
                provider == null ? DEFAULT_PROVIDER : provider, source, impacted, restored);
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
        List<String> values = new ArrayList<>(List.of(i.incidentId(), Integer.toString(i.category()),
                i.raisedAt().toString(), text(i.resolvedAt()), text(i.closedAt()),
                i.exclusionReason() == null ? "" : i.exclusionReason(), i.provider()));
        if (i.impactedAt() != null || i.restoredAt() != null) {
            values.add(text(i.impactedAt()));
            values.add(text(i.restoredAt()));
        }
        return values;
    }

    @Override
    public Incident decode(List<String> v, ImportSource source) {
        boolean impact = v.size() > WITHOUT_IMPACT;
        return new Incident(v.get(0), Integer.parseInt(v.get(1)), Instant.parse(v.get(2)), instant(v.get(3)),
                instant(v.get(4)), v.get(5).isEmpty() ? null : v.get(5), v.get(6), source,
                impact ? instant(v.get(7)) : null, impact ? instant(v.get(8)) : null);
    }

    static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static Instant instant(String text) {
        return text.isEmpty() ? null : Instant.parse(text);
    }
}
