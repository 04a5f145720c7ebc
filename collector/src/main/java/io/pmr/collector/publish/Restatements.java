package io.pmr.collector.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.ReportVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Says why a period's figures are restated: the user's reason, what changed underneath, and which figures moved. */
final class Restatements {
    /** Changed figures named in a reason; the rest are counted. */
    static final int NAMED_CHANGES = 8;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Restatements() {
    }

    /** The value of {@code key} in a {@code k=v;k=v} fingerprint, or null. */
    static String part(String fingerprint, String key) {
        for (String item : fingerprint.split(";")) {
            int eq = item.indexOf('=');
            if (eq > 0 && item.substring(0, eq).equals(key)) {
                return item.substring(eq + 1);
            }
        }
        return null;
    }

    /**
     * E.g. {@code restated (late data from agent-north): stored data changed since version 1; changed: CSPN/PM4.3
     * 81.87 -> 81.90, CPM1 92.56 -> 92.57 provisional -> final}.
     */
    static String reason(String userReason, ReportVersion latest, String newFingerprint, MonthlyReport report) {
        StringBuilder why = new StringBuilder("restated");
        if (userReason != null && !userReason.isBlank()) {
            why.append(" (").append(userReason.strip()).append(')');
        }
        List<String> causes = new ArrayList<>();
        if (!Objects.equals(part(latest.fingerprint(), "data"), part(newFingerprint, "data"))) {
            causes.add("stored data changed since version " + latest.version());
        }
        if (!Objects.equals(part(latest.fingerprint(), "catalogue"), part(newFingerprint, "catalogue"))) {
            causes.add("catalogue changed since version " + latest.version());
        }
        if (causes.isEmpty()) {
            causes.add("recomputed since version " + latest.version() + " (time passed: finality or the method changed)");
        }
        why.append(": ").append(String.join("; ", causes));
        List<String> changes = changes(latest.reportJson(), report);
        if (!changes.isEmpty()) {
            why.append("; changed: ");
            why.append(String.join(", ", changes.subList(0, Math.min(NAMED_CHANGES, changes.size()))));
            if (changes.size() > NAMED_CHANGES) {
                why.append(" and ").append(changes.size() - NAMED_CHANGES).append(" more");
            }
        }
        return why.toString();
    }

    private static List<String> changes(String previousJson, MonthlyReport report) {
        Map<String, JsonNode> before = new HashMap<>();
        try {
            for (JsonNode measure : MAPPER.readTree(previousJson).path("measures")) {
                before.put(measure.path("id").asText(), measure);
            }
        } catch (IOException e) {
            return List.of("(the previous version's JSON could not be read: " + e.getMessage() + ")");
        }
        List<String> changes = new ArrayList<>();
        for (MeasureFigure figure : report.measures()) {
            JsonNode old = before.get(figure.id());
            if (old == null) {
                changes.add(figure.id() + " new");
                continue;
            }
            String oldLevel = old.path("level").isNull() ? "-" : old.path("level").asText("-");
            String newLevel = figure.level() == null ? "-" : figure.level().toPlainString();
            boolean oldFinal = old.path("final").asBoolean();
            StringBuilder change = new StringBuilder();
            if (!oldLevel.equals(newLevel) || !sameCount(old, "numerator", figure.numerator())
                    || !sameCount(old, "denominator", figure.denominator())) {
                change.append(' ').append(oldLevel).append(" -> ").append(newLevel);
                if (oldLevel.equals(newLevel)) {
                    change.append(" (").append(old.path("numerator").asLong()).append('/')
                            .append(old.path("denominator").asLong()).append(" -> ").append(figure.numerator())
                            .append('/').append(figure.denominator()).append(')');
                }
            }
            if (oldFinal != figure.isFinal()) {
                change.append(oldFinal ? " final -> provisional" : " provisional -> final");
            }
            if (change.length() > 0) {
                changes.add(figure.id() + change);
            }
        }
        return changes;
    }

    private static boolean sameCount(JsonNode old, String field, long now) {
        return old.path(field).asLong() == now;
    }
}
