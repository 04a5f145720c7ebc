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
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a {@link MonthlyReport} as {@code report.json} (a documented contract: field names and string-typed
 * decimals never change), {@code report.csv}, or a console table. Output is deterministic: the same report gives
 * byte-identical text (no timestamps, {@code \n} line ends, Locale-independent). Files are written to a temporary
 * sibling and moved into place, so a reader never sees half a report.
 */
public final class ReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String CSV_HEADER = "id,provider,kind,numerator,denominator,level,target,minimum,status,final";

    private ReportWriter() {
    }

    public static void writeJson(MonthlyReport report, Path file) {
        writeAtomically(file, json(report));
    }

    public static void writeCsv(MonthlyReport report, Path file) {
        writeAtomically(file, csv(report));
    }

    /** The console table: composites first, each followed by its contributors, then the other measures. */
    public static String table(MonthlyReport report) {
        return ConsoleTable.render(report);
    }

    /** The JSON text of {@link #writeJson}. */
    public static String json(MonthlyReport report) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
                    .withObjectIndenter(indenter).withArrayIndenter(indenter));
            json.writeStartObject();
            json.writeStringField("period", report.period().toString());
            json.writeArrayFieldStart("measures");
            for (MeasureFigure figure : report.measures()) {
                writeFigure(json, figure);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    private static void writeFigure(JsonGenerator json, MeasureFigure figure) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", figure.id());
        json.writeStringField("name", figure.name());
        json.writeStringField("provider", figure.provider());
        json.writeStringField("kind", figure.kind().code());
        json.writeStringField("trt", figure.trt());
        json.writeNumberField("numerator", figure.numerator());
        json.writeNumberField("denominator", figure.denominator());
        json.writeStringField("level", plain(figure.level()));
        json.writeStringField("target", plain(figure.target()));
        json.writeStringField("minimum", plain(figure.minimum()));
        json.writeStringField("status", figure.status().code());
        json.writeBooleanField("final", figure.isFinal());
        json.writeArrayFieldStart("excluded");
        for (ExcludedCount excluded : figure.excluded()) {
            json.writeStartObject();
            json.writeStringField("reason", excluded.reason());
            json.writeNumberField("count", excluded.count());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (figure.kind() == MeasureKind.COMPOSITE) {
            json.writeArrayFieldStart("contributors");
            for (String contributor : figure.contributors()) {
                json.writeString(contributor);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** The CSV text of {@link #writeCsv}. */
    public static String csv(MonthlyReport report) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (MeasureFigure figure : report.measures()) {
            out.append(csvField(figure.id())).append(',')
                    .append(csvField(figure.provider())).append(',')
                    .append(figure.kind().code()).append(',')
                    .append(figure.numerator()).append(',')
                    .append(figure.denominator()).append(',')
                    .append(nullToEmpty(plain(figure.level()))).append(',')
                    .append(plain(figure.target())).append(',')
                    .append(nullToEmpty(plain(figure.minimum()))).append(',')
                    .append(figure.status().code()).append(',')
                    .append(figure.isFinal()).append('\n');
        }
        return out.toString();
    }

    static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void writeAtomically(Path file, String text) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write(text);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
