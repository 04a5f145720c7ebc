package io.pmr.collector.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The incident parts of {@code report.json}: per-incident timings, aged open and re-opened incidents, commentary. */
final class IncidentJson {
    private IncidentJson() {
    }

    /** {@code incidents[]} of an incidents figure's {@code incidents} object. */
    static void timings(JsonGenerator json, List<FigureDetail.IncidentTiming> timings) throws IOException {
        json.writeArrayFieldStart("incidents");
        for (FigureDetail.IncidentTiming t : timings) {
            json.writeStartObject();
            json.writeStringField("id", t.incidentId());
            json.writeNumberField("category", t.category());
            instant(json, "raisedAt", t.raisedAt());
            instant(json, "resolvedAt", t.resolvedAt());
            instant(json, "closedAt", t.closedAt());
            instant(json, "impactedAt", t.impactedAt());
            instant(json, "restoredAt", t.restoredAt());
            number(json, "impactSeconds", t.impactSeconds());
            number(json, "incidentSeconds", t.incidentSeconds());
            json.writeStringField("categoryClock", t.categoryClock());
            json.writeStringField("clock", t.clock());
            json.writeBooleanField("clockFallback", t.clockFallback());
            number(json, "targetSeconds", t.targetSeconds());
            json.writeBooleanField("within", t.within());
            json.writeStringField("excludedReason", t.excludedReason());
            json.writeStringField("source", t.source());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The top-level {@code incidentsAgedOpen} and {@code incidentsReopened} arrays. */
    static void register(JsonGenerator json, IncidentRegister register) throws IOException {
        json.writeArrayFieldStart("incidentsAgedOpen");
        for (IncidentRegister.AgedOpen row : register.agedOpen()) {
            json.writeStartObject();
            json.writeStringField("monthRaised", row.monthRaised());
            json.writeNumberField("category", row.category());
            json.writeNumberField("open", row.open());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("incidentsReopened");
        for (IncidentRegister.Reopened row : register.reopened()) {
            json.writeStartObject();
            json.writeStringField("id", row.incidentId());
            json.writeNumberField("category", row.category());
            json.writeArrayFieldStart("earlierClosedAt");
            for (Instant closed : row.earlierClosedAt()) {
                json.writeString(closed.toString());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("earlierSources");
            for (String source : row.earlierSources()) {
                json.writeString(source);
            }
            json.writeEndArray();
            instant(json, "closedAt", row.closedAt());
            json.writeStringField("countedIn", row.countedIn());
            json.writeStringField("source", row.source());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A figure's {@code commentary}: an object, or null when none was imported for its period. */
    static void commentary(JsonGenerator json, MeasureCommentary commentary) throws IOException {
        if (commentary == null) {
            json.writeNullField("commentary");
            return;
        }
        json.writeObjectFieldStart("commentary");
        json.writeStringField("status", commentary.status());
        json.writeBooleanField("matchesStatus", commentary.matchesStatus());
        json.writeStringField("reason", commentary.reason());
        json.writeStringField("mitigation", commentary.mitigation());
        json.writeStringField("source", commentary.source());
        json.writeEndObject();
    }

    private static void instant(JsonGenerator json, String name, Instant value) throws IOException {
        json.writeStringField(name, value == null ? null : value.toString());
    }

    private static void number(JsonGenerator json, String name, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}
