package io.pmr.collector.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.catalogue.MeasureKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The {@code report.json} text, as documented in {@code docs/report-json.md}. */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    static String json(MonthlyReport report) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
                    .withObjectIndenter(indenter).withArrayIndenter(indenter));
            json.writeStartObject();
            json.writeStringField("period", report.period().toString());
            json.writeStringField("computedAt", report.computedAtEpochMillis() == 0 ? null
                    : Instant.ofEpochMilli(report.computedAtEpochMillis()).toString());
            json.writeStringField("catalogue", report.catalogueSource());
            if (report.publication() != null) {
                PublicationJson.writeHeader(json, report.publication());
            }
            json.writeArrayFieldStart("measures");
            for (MeasureFigure figure : report.measures()) {
                writeFigure(json, figure, report.commentaryOf(figure.id()).orElse(null));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("missing");
            for (MissingRange range : report.missing()) {
                json.writeStartObject();
                json.writeStringField("agent", range.agentId());
                json.writeStringField("measure", range.measureId());
                json.writeStringField("period", range.period());
                json.writeStringField("from", Instant.ofEpochMilli(range.fromEpochMillis()).toString());
                json.writeStringField("to", Instant.ofEpochMilli(range.toEpochMillis()).toString());
                json.writeStringField("reason", range.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            IncidentJson.register(json, report.incidents());
            if (!report.integrity().isEmpty()) {
                writeIntegrity(json, report.integrity());
            }
            if (report.publication() != null) {
                PublicationJson.writeCredits(json, report.publication().credits());
                PublicationJson.writeCreditHistory(json, report.publication().creditHistory());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    /** {@code integrity}: written only when there is something to say (docs/report-json.md). */
    private static void writeIntegrity(JsonGenerator json, IntegrityNotes notes) throws IOException {
        json.writeObjectFieldStart("integrity");
        json.writeArrayFieldStart("conflicts");
        for (IntegrityNotes.Conflict conflict : notes.conflicts()) {
            json.writeStartObject();
            json.writeStringField("agent", conflict.agentId());
            json.writeStringField("bootEpoch", conflict.bootEpoch());
            json.writeStringField("sequence", conflict.sequence());
            json.writeStringField("storedSha256", conflict.storedSha256());
            json.writeStringField("receivedSha256", conflict.receivedSha256());
            json.writeStringField("firstReceivedAt", Instant.ofEpochMilli(conflict.firstReceivedEpochMillis()).toString());
            json.writeStringField("lastReceivedAt", Instant.ofEpochMilli(conflict.lastReceivedEpochMillis()).toString());
            json.writeNumberField("receipts", conflict.receipts());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("identityClashes");
        for (IntegrityNotes.Clash clash : notes.identityClashes()) {
            json.writeStartObject();
            json.writeStringField("agent", clash.agentId());
            json.writeStringField("bootEpochA", clash.bootEpochA());
            json.writeStringField("bootEpochB", clash.bootEpochB());
            json.writeStringField("firstSeenAt", Instant.ofEpochMilli(clash.firstSeenEpochMillis()).toString());
            json.writeStringField("lastSeenAt", Instant.ofEpochMilli(clash.lastSeenEpochMillis()).toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeFigure(JsonGenerator json, MeasureFigure figure, MeasureCommentary commentary)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("id", figure.id());
        json.writeStringField("name", figure.name());
        json.writeStringField("provider", figure.provider());
        json.writeStringField("kind", figure.kind().code());
        json.writeStringField("period", figure.period());
        if (figure.coveredToEpochMillis() > figure.coveredFromEpochMillis()) {
            json.writeObjectFieldStart("covers");
            json.writeStringField("from", Instant.ofEpochMilli(figure.coveredFromEpochMillis()).toString());
            json.writeStringField("to", Instant.ofEpochMilli(figure.coveredToEpochMillis()).toString());
            json.writeEndObject();
        }
        json.writeStringField("trt", figure.trt());
        json.writeNumberField("numerator", figure.numerator());
        json.writeNumberField("denominator", figure.denominator());
        json.writeStringField("level", ReportWriter.plain(figure.level()));
        json.writeStringField("target", ReportWriter.plain(figure.target()));
        json.writeStringField("minimum", ReportWriter.plain(figure.minimum()));
        json.writeStringField("status", figure.status().code());
        json.writeBooleanField("final", figure.isFinal());
        strings(json, "whyProvisional", figure.whyProvisional());
        json.writeBooleanField("kpi", figure.kpi());
        json.writeStringField("previousLevel", ReportWriter.plain(figure.previousLevel()));
        if (figure.previousFinal() == null) {
            json.writeNullField("previousFinal");
        } else {
            json.writeBooleanField("previousFinal", figure.previousFinal());
        }
        json.writeStringField("source", figure.source().code());
        strings(json, "agents", figure.agents());
        strings(json, "files", figure.files());
        json.writeObjectFieldStart("beforeExclusions");
        json.writeNumberField("numerator", figure.before().numerator());
        json.writeNumberField("denominator", figure.before().denominator());
        json.writeStringField("level", ReportWriter.plain(figure.before().level()));
        json.writeEndObject();
        json.writeArrayFieldStart("excluded");
        for (ExcludedCount excluded : figure.excluded()) {
            json.writeStartObject();
            json.writeStringField("reason", excluded.reason());
            json.writeNumberField("count", excluded.count());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (figure.kind() == MeasureKind.COMPOSITE) {
            strings(json, "contributors", figure.contributors());
        }
        writeDetail(json, figure.detail());
        strings(json, "notes", figure.notes());
        IncidentJson.commentary(json, commentary);
        json.writeEndObject();
    }

    private static void writeDetail(JsonGenerator json, FigureDetail detail) throws IOException {
        if (detail instanceof FigureDetail.PowerOutage outage) {
            json.writeObjectFieldStart("powerOutage");
            json.writeStringField("headline", outage.headline());
            json.writeStringField("perEventLevel", ReportWriter.plain(outage.perEventLevel()));
            json.writeStringField("historicalLevel", ReportWriter.plain(outage.historicalLevel()));
            json.writeArrayFieldStart("events");
            for (FigureDetail.OutageEvent event : outage.events()) {
                json.writeStartObject();
                json.writeStringField("id", event.eventId());
                json.writeNumberField("hubs", event.hubs());
                json.writeNumberField("alertsWithinTrt", event.alertsWithinTrt());
                json.writeStringField("required", ReportWriter.plain(event.required()));
                json.writeStringField("figure", ReportWriter.plain(event.figure()));
                json.writeStringField("source", event.source());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } else if (detail instanceof FigureDetail.Composite composite) {
            json.writeObjectFieldStart("composite");
            json.writeStringField("method", composite.method());
            json.writeStringField("meanOfLevels", ReportWriter.plain(composite.meanOfLevels()));
            json.writeStringField("pooledLevel", ReportWriter.plain(composite.pooledLevel()));
            strings(json, "notReported", composite.notReported());
            json.writeArrayFieldStart("contributors");
            for (FigureDetail.Contributor contributor : composite.contributors()) {
                json.writeStartObject();
                json.writeStringField("id", contributor.id());
                json.writeStringField("level", ReportWriter.plain(contributor.level()));
                json.writeStringField("status", contributor.status());
                json.writeBooleanField("inMean", contributor.inMean());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } else if (detail instanceof FigureDetail.Availability availability) {
            json.writeObjectFieldStart("availability");
            json.writeNumberField("periodSeconds", availability.periodSeconds());
            json.writeNumberField("outageSeconds", availability.outageSeconds());
            json.writeNumberField("maintenanceExcusedSeconds", availability.maintenanceExcusedSeconds());
            json.writeNumberField("countedSeconds", availability.countedSeconds());
            json.writeNumberField("availableSeconds", availability.availableSeconds());
            json.writeStringField("periodMinutes", ReportWriter.minutes(availability.periodSeconds()));
            json.writeStringField("availableMinutes", ReportWriter.minutes(availability.availableSeconds()));
            json.writeEndObject();
        } else if (detail instanceof FigureDetail.HubLevel level) {
            json.writeObjectFieldStart("hubLevel");
            json.writeNumberField("hubDays", level.hubDays());
            json.writeNumberField("connectedHubDays", level.connectedHubDays());
            json.writeNumberField("hubs", level.hubs());
            json.writeArrayFieldStart("exceptedHubs");
            for (FigureDetail.ExceptedHub hub : level.exceptedHubs()) {
                json.writeStartObject();
                json.writeStringField("hub", hub.hubId());
                json.writeNumberField("daysNotConnected", hub.daysNotConnected());
                json.writeNumberField("daysInScope", hub.daysInScope());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } else if (detail instanceof FigureDetail.Incidents incidents) {
            json.writeObjectFieldStart("incidents");
            categories(json, "counted", incidents.counted());
            categories(json, "beforeExclusions", incidents.beforeExclusions());
            IncidentJson.timings(json, incidents.incidents());
            json.writeEndObject();
        }
    }

    private static void categories(JsonGenerator json, String name, List<FigureDetail.IncidentCategory> rows)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (FigureDetail.IncidentCategory row : rows) {
            json.writeStartObject();
            json.writeNumberField("category", row.category());
            json.writeNumberField("total", row.total());
            json.writeNumberField("within", row.within());
            json.writeNumberField("failed", row.failed());
            json.writeStringField("percentWithin", ReportWriter.plain(row.percentWithin()));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
