package io.pmr.collector.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditRow;
import io.pmr.collector.credit.CreditTable;
import io.pmr.collector.credit.ProviderCredits;
import java.io.IOException;
import java.time.Instant;

/**
 * The publication blocks of {@code report.json}: version and history at the top, credits and the 12-month credit
 * history at the end.
 */
final class PublicationJson {
    private PublicationJson() {
    }

    static void writeHeader(JsonGenerator json, Publication publication) throws IOException {
        json.writeStringField("catalogueFingerprint", publication.catalogueFingerprint());
        json.writeFieldName("version");
        writeVersion(json, publication.current());
        json.writeArrayFieldStart("versions");
        for (Publication.Version version : publication.history()) {
            writeVersion(json, version);
        }
        json.writeEndArray();
    }

    static void writeCredits(JsonGenerator json, CreditTable credits) throws IOException {
        json.writeObjectFieldStart("credits");
        json.writeStringField("totalPoints", ReportWriter.plain(credits.totalPoints()));
        json.writeStringField("totalPounds", ReportWriter.plain(credits.totalPounds()));
        json.writeArrayFieldStart("providers");
        for (ProviderCredits provider : credits.providers()) {
            json.writeStartObject();
            json.writeStringField("provider", provider.provider());
            json.writeStringField("poundsPerPoint", ReportWriter.plain(provider.poundsPerPoint()));
            json.writeStringField("totalPoints", ReportWriter.plain(provider.totalPoints()));
            json.writeStringField("totalPounds", ReportWriter.plain(provider.totalPounds()));
            json.writeArrayFieldStart("rows");
            for (CreditRow row : provider.rows()) {
                json.writeStartObject();
                json.writeStringField("measure", row.measureId());
                json.writeStringField("target", ReportWriter.plain(row.target()));
                json.writeStringField("minimum", ReportWriter.plain(row.minimum()));
                json.writeStringField("level", ReportWriter.plain(row.level()));
                json.writeStringField("points", ReportWriter.plain(row.points()));
                json.writeStringField("pounds", ReportWriter.plain(row.pounds()));
                json.writeBooleanField("kpi", row.kpi());
                json.writeBooleanField("credited", row.credited());
                json.writeStringField("feedsCpm", row.feedsCpm());
                json.writeBooleanField("charged", row.charged());
                json.writeStringField("generation", row.generation());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void writeCreditHistory(JsonGenerator json, CreditHistory history) throws IOException {
        json.writeObjectFieldStart("creditHistory");
        json.writeArrayFieldStart("months");
        for (String month : history.months()) {
            json.writeString(month);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("providers");
        for (CreditHistory.ProviderHistory provider : history.providers()) {
            json.writeStartObject();
            json.writeStringField("provider", provider.provider());
            json.writeArrayFieldStart("months");
            for (CreditHistory.MonthCredits month : provider.months()) {
                json.writeStartObject();
                json.writeStringField("month", month.month());
                json.writeStringField("smets2Points", ReportWriter.plain(month.smets2Points()));
                json.writeStringField("smets2Pounds", ReportWriter.plain(month.smets2Pounds()));
                json.writeStringField("smets1Points", ReportWriter.plain(month.smets1Points()));
                json.writeStringField("smets1Pounds", ReportWriter.plain(month.smets1Pounds()));
                json.writeStringField("points", ReportWriter.plain(month.points()));
                json.writeStringField("pounds", ReportWriter.plain(month.pounds()));
                json.writeNumberField("publishedVersions", month.publishedVersions());
                json.writeStringField("firstPublishedPoints", ReportWriter.plain(month.firstPublishedPoints()));
                json.writeStringField("firstPublishedPounds", ReportWriter.plain(month.firstPublishedPounds()));
                json.writeBooleanField("restated", month.restated());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeVersion(JsonGenerator json, Publication.Version version) throws IOException {
        json.writeStartObject();
        json.writeNumberField("number", version.version());
        json.writeStringField("computedAt", Instant.ofEpochMilli(version.computedAtEpochMillis()).toString());
        json.writeStringField("reason", version.reason());
        json.writeEndObject();
    }
}
